import type { Intent, Objection } from './conversation.schema.js';

/**
 * Built-in Polish and English phrases for intents, objections and hand-off requests, in the phrase
 * syntax of `text.ts` (folded, whole words, `*` = any ending). The config adds to these lists.
 */

export const INTENT_PHRASES: Readonly<Record<Exclude<Intent, 'spam'>, readonly string[]>> = {
  pricing: [
    'price*', 'pricing', 'cost', 'costs', 'how much', 'quote', 'quotation', 'plans', 'subscription fee', 'per seat', 'per user',
    'licen* fee', 'cennik*', 'cena', 'ceny', 'cene', 'cenow*', 'ile kosztuj*', 'ile to kosztuje', 'koszt', 'koszty', 'kosztow',
    'wycen*', 'oferta cenowa', 'oferte cenowa', 'abonament*', 'ile placi*', 'ile zaplac*', 'stawk*',
  ],
  demo: [
    'demo', 'demonstration', 'walkthrough', 'walk-through', 'show me how', 'book a call', 'book a meeting', 'schedule a call',
    'schedule a meeting', 'set up a call', 'a quick call', 'presentation', 'trial', 'free trial', 'poc', 'proof of concept',
    'prezentacj*', 'pokaz*', 'umowic sie', 'umowic spotkanie', 'umowmy sie', 'spotkani*', 'rozmowe z handlowcem', 'wersj* testow*',
    'okres testowy', 'przetestowac',
  ],
  support: [
    'not working', "doesn't work", 'does not work', "isn't working", 'stopped working', 'error', 'errors', 'bug', 'broken',
    "can't log in", 'cannot log in', "can't login", 'unable to log in', 'reset my password', 'password reset', 'my account is',
    'support ticket', 'outage', 'down again', 'crash*', 'nie dziala', 'przestal* dzialac', 'blad', 'bledu', 'bledy', 'awari*',
    'nie moge sie zalogowac', 'nie moge zalogowac', 'reset hasla', 'zresetowac haslo', 'zgloszeni*', 'reklamacj*', 'usterk*',
    'problem z logowaniem', 'problem z kontem', 'nie wysyla', 'nie synchronizuje', 'not syncing', 'sync is failing',
  ],
  churn: [
    // A prospect asking "can I cancel anytime?" is a contract objection, not churn: only cancelling what one has counts.
    'cancel my', 'cancel our', 'cancel the subscription', 'want to cancel', 'cancellation', 'terminate our', 'terminate the contract',
    'unsubscribe', 'close my account', 'delete my account', 'not renew*', "won't renew", 'refund', 'downgrade', 'too many problems',
    'rezygnuj*', 'zrezygnowac', 'rezygnacj*', 'anulowac subskrypcj*', 'anulowac abonament', 'chce anulowac', 'wypowiedziec umow*',
    'wypowiadamy', 'nie przedluz*', 'zamknac konto', 'usunac konto', 'przechodzimy do konkurencji',
    'zwrot pieniedzy', 'zwrot srodkow', 'odejsc', 'odchodzimy', 'rozwiazac umowe', 'rozwiazanie umowy',
  ],
  purchase: [
    'buy', 'purchase', 'sign up', 'ready to start', 'ready to go', 'ready to buy', 'send the contract', 'send me the contract',
    'send the invoice', 'send an invoice', 'send the proposal', 'send a proposal', 'place an order', "we'll take it", 'we will take it',
    'how do we proceed', 'next steps', 'go ahead', 'sign the contract', 'onboard us', 'kupic', 'kupujemy', 'zamowic', 'zamawiam',
    'zamowienie', 'chcemy zaczac', 'chcemy wystartowac', 'podpisac umowe', 'podpiszmy', 'prosze o umowe', 'prosze o fakture',
    'prosze o oferte', 'wyslac oferte', 'przeslac oferte', 'bierzemy', 'decydujemy sie', 'zakup', 'zakupu', 'dalsze kroki', 'jak zaczac',
  ],
};

export const OBJECTION_PHRASES: Readonly<Record<Objection, readonly string[]>> = {
  price: [
    'too expensive', 'expensive', 'pricey', 'over our budget', 'over budget', 'cheaper', 'discount', 'too much money', 'costly',
    "can't afford", 'za drogo', 'za drogie', 'drogie', 'drogo', 'zbyt drog*', 'zbyt wysok* cen*', 'taniej', 'tansz*', 'rabat*',
    'znizk*', 'nie stac nas', 'przekracza budzet', 'poza budzetem',
  ],
  integration: [
    'integrat*', 'integrate with', 'connect to our', 'connect with our', 'api', 'compatible', 'compatibility', 'works with our',
    'existing systems', 'existing system', 'our erp', 'our crm', 'sync with', 'webhook*', 'integracj*', 'zintegrowac',
    'polaczyc z', 'polaczenie z', 'kompatybil*', 'istniejacymi systemami', 'istniejacy system', 'naszym erp*', 'naszym crm*',
    'synchronizacj*',
  ],
  security: [
    'gdpr', 'rodo', 'security', 'secure', 'data protection', 'compliance', 'soc 2', 'soc2', 'iso 27001', 'encrypt*',
    'where is the data stored', 'data residency', 'hosted in the eu', 'privacy', 'penetration test*', 'sso', 'bezpieczenst*',
    'ochron* danych', 'szyfrow*', 'dane osobowe', 'danych osobowych', 'serwer* w ue', 'gdzie sa przechowywane', 'poufnosc*',
  ],
  timing: [
    'not now', 'not the right time', 'bad timing', 'too busy', 'maybe later', 'later this year', 'after the holidays',
    'not a priority', 'no rush', 'next year maybe', 'not ready', 'nie teraz', 'za wczesnie', 'pozniej', 'nie mamy czasu',
    'nie jest priorytetem', 'po wakacjach', 'po swietach', 'moze w przyszlym roku', 'nie jestesmy gotowi', 'na razie nie',
  ],
  contract: [
    'long contract', 'long-term contract', 'lock-in', 'locked in', 'commitment', 'annual contract', 'notice period',
    'contract terms', 'minimum term', 'cancel anytime', 'sla', 'dluga umowa', 'dlugiej umowy', 'umowa na rok', 'umowa na 12',
    'okres wypowiedzenia', 'zobowiazani*', 'kary umowne', 'warunki umowy', 'umowy na czas okreslony', 'bez umowy',
  ],
  features: [
    'missing feature', 'does it support', 'do you support', 'does it have', 'lacks', "doesn't have", 'does not have',
    'is there a feature', 'feature request', 'can it do', 'limitation*', 'czy obsluguje', 'czy wspiera', 'czy ma funkcj*',
    'brakuje', 'brak funkcj*', 'nie ma funkcj*', 'czy jest mozliwosc', 'czy da sie', 'ograniczeni*',
  ],
};

export const HANDOFF_PHRASES: readonly string[] = [
  'human', 'real person', 'a person', 'live agent', 'an agent', 'talk to someone', 'speak to someone', 'speak with someone',
  'talk to sales', 'sales rep*', 'representative', 'call me', 'call me back', 'phone call', 'konsultant*', 'czlowiek*',
  'zywa osob*', 'rozmawiac z kims', 'porozmawiac z kims', 'polaczyc z', 'handlowc*', 'prosze o telefon', 'prosze o kontakt',
  'zadzwoncie', 'oddzwon*',
];

export const BOT_FALLBACK_PHRASES: readonly string[] = [
  "i didn't understand", 'i did not understand', "i don't understand", 'i am not sure i understand', "i'm not sure i understand",
  'could you rephrase', 'can you rephrase', 'sorry, i', 'nie rozumiem', 'nie zrozumialem', 'nie zrozumialam',
  'czy mozesz przeformulowac', 'sprobuj inaczej', 'nie jestem pewien, o co',
];

export const PROBLEM_PHRASES: readonly string[] = [
  'we need', 'we are looking for', "we're looking for", 'looking for a', 'our problem', 'the problem is', 'struggling', 'struggle',
  'challenge', 'pain point', 'we lose', 'we are losing', "we're losing", 'takes too long', 'manual*', 'by hand', 'we want to',
  'we would like to', 'potrzebujemy', 'szukamy', 'mamy problem', 'problem polega', 'problemem jest', 'brakuje nam', 'chcemy',
  'zalezy nam', 'tracimy', 'recznie', 'trwa za dlugo', 'wyzwaniem', 'wyzwanie', 'chcielibysmy',
];
