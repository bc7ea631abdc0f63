// `bench/extraction` as issue 7 names it: the conversation extraction benchmark (precision and
// recall per field on the evaluation set, conversations/s and p99 per conversation) lives in
// bench/conversation.mjs; this entry runs it. Build first: npm run build
// Usage: node bench/extraction.mjs [--rounds N]
await import('./conversation.mjs');
