import type { Utm } from '../types.js';
import type { TrafficChannel } from './traffic-channel.js';
import type { ClickIds } from './url-attribution.js';

/**
 * Attribution over a person's visits. Contract: the first touch is set once and kept forever;
 * the last touch is replaced by every newer touch; the contact-channel history keeps the first,
 * the last and every channel used, in order of first use.
 */
export interface Touch {
  at: number;
  /** Where the person talked to us: form, webchat, whatsapp, messenger, instagram, sms, email… */
  channel: string;
  trafficChannel: TrafficChannel;
  utm: Utm;
  clickIds: ClickIds;
  landingHost: string | null;
  landingPath: string | null;
  referrerHost: string | null;
}

export interface ChannelHistory {
  first: string;
  last: string;
  all: string[];
}

export interface Attribution {
  firstTouch: Touch;
  lastTouch: Touch;
  channels: ChannelHistory;
  touchCount: number;
}

export function startAttribution(touch: Touch): Attribution {
  return { firstTouch: touch, lastTouch: touch, channels: { first: touch.channel, last: touch.channel, all: [touch.channel] }, touchCount: 1 };
}

/**
 * Adds a touch. A touch older than the current last touch (a late, retried job) still counts and
 * can add a channel, but does not become the last touch; one older than the first touch does not
 * replace the first touch either — "first" is the first one we recorded.
 */
export function addTouch(current: Attribution | null | undefined, touch: Touch): Attribution {
  if (!current) return startAttribution(touch);
  const isNewer = touch.at >= current.lastTouch.at;
  const all = current.channels.all.includes(touch.channel) ? current.channels.all : [...current.channels.all, touch.channel];
  return {
    firstTouch: current.firstTouch,
    lastTouch: isNewer ? touch : current.lastTouch,
    channels: { first: current.channels.first, last: isNewer ? touch.channel : current.channels.last, all },
    touchCount: current.touchCount + 1,
  };
}

/** Combines two leads' attribution when they merge: earliest first touch, latest last touch. */
export function mergeAttribution(a: Attribution | null | undefined, b: Attribution | null | undefined): Attribution | null {
  if (!a) return b ?? null;
  if (!b) return a;
  const [older, newer] = a.firstTouch.at <= b.firstTouch.at ? [a, b] : [b, a];
  const last = a.lastTouch.at >= b.lastTouch.at ? a : b;
  const all = [...older.channels.all, ...newer.channels.all.filter((c) => !older.channels.all.includes(c))];
  return {
    firstTouch: older.firstTouch,
    lastTouch: last.lastTouch,
    channels: { first: older.channels.first, last: last.channels.last, all },
    touchCount: a.touchCount + b.touchCount,
  };
}
