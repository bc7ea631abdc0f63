/**
 * Rotation state and the three team strategies. The state is plain JSON that the store keeps as one
 * document and updates with compare-and-set on `seq`: a worker that loses the race re-reads and
 * routes again, so round robin stays fair under concurrency, and survives restarts because nothing
 * lives in memory. Deterministic — no randomness: equal inputs give equal assignments.
 */
export interface TeamRotation {
  /** `seq` at which each member last got a lead from this team (round robin: least recent wins). */
  lastAssigned: Record<string, number>;
  /** Smooth weighted round robin's running weights. */
  current: Record<string, number>;
}

export interface RoutingState {
  /** Assignments made so far; also the version for compare-and-set. */
  seq: number;
  teams: Record<string, TeamRotation>;
  /** Per owner: the local day of the last assignment and the count on that day. */
  load: Record<string, { day: string; count: number }>;
}

export interface Candidate {
  owner: string;
  weight: number;
  /** Leads already assigned to this owner today. */
  today: number;
}

export function emptyRoutingState(): RoutingState {
  return { seq: 0, teams: {}, load: {} };
}

const EMPTY_ROTATION: TeamRotation = { lastAssigned: {}, current: {} };

/** Least recently assigned first; a member never assigned goes before everyone; ties keep member order. */
export function pickRoundRobin(candidates: readonly Candidate[], rotation: TeamRotation = EMPTY_ROTATION): Candidate | null {
  let best: Candidate | null = null;
  let bestSeq = Infinity;
  for (const c of candidates) {
    const seq = rotation.lastAssigned[c.owner] ?? -1;
    if (seq < bestSeq) {
      best = c;
      bestSeq = seq;
    }
  }
  return best;
}

/** Fewest leads today; ties go round robin. */
export function pickNextAvailable(candidates: readonly Candidate[], rotation: TeamRotation = EMPTY_ROTATION): Candidate | null {
  const least = Math.min(...candidates.map((c) => c.today));
  return pickRoundRobin(candidates.filter((c) => c.today === least), rotation);
}

/**
 * Smooth weighted round robin (as in nginx): every eligible member gains its weight, the largest
 * running weight wins and pays back the total. Weights 3:1 give A A B A, A A B A… exactly.
 */
export function pickWeighted(candidates: readonly Candidate[], rotation: TeamRotation = EMPTY_ROTATION): { pick: Candidate | null; current: Record<string, number> } {
  const current = { ...rotation.current };
  let total = 0;
  let pick: Candidate | null = null;
  for (const c of candidates) {
    current[c.owner] = (current[c.owner] ?? 0) + c.weight;
    total += c.weight;
    if (!pick || (current[c.owner] ?? 0) > (current[pick.owner] ?? 0)) pick = c;
  }
  if (pick) current[pick.owner] = (current[pick.owner] ?? 0) - total;
  return { pick, current };
}

/** The state after assigning `owner` (from `team`, if any) on the owner's local `day`. */
export function recordAssignment(
  state: RoutingState,
  assignment: { owner: string; day: string; team?: string | null; current?: Record<string, number> },
): RoutingState {
  const seq = state.seq + 1;
  const load = state.load[assignment.owner];
  const count = load && load.day === assignment.day ? load.count + 1 : 1;
  const teams = { ...state.teams };
  if (assignment.team) {
    const rotation = state.teams[assignment.team] ?? EMPTY_ROTATION;
    teams[assignment.team] = {
      lastAssigned: { ...rotation.lastAssigned, [assignment.owner]: seq },
      current: assignment.current ?? rotation.current,
    };
  }
  return { seq, teams, load: { ...state.load, [assignment.owner]: { day: assignment.day, count } } };
}
