/**
 * The messages shipped in English and Polish. Placeholders: `{{firstName}}`, `{{fullName}}`,
 * `{{company}}`, `{{product}}`, `{{ownerName}}`, `{{calendarLink}}`, `{{slaLabel}}`; a section
 * `{{#x}}…{{/x}}` shows only when `x` has a value, `{{^x}}…{{/x}}` only when it has none.
 */
export const DEFAULT_TEMPLATES = {
  confirmation: {
    en: {
      subject: 'Thanks{{#firstName}}, {{firstName}}{{/firstName}} — we have your message',
      body: [
        'Hi{{#firstName}} {{firstName}}{{/firstName}},',
        '',
        'thank you for getting in touch{{#product}} about {{product}}{{/product}}. {{#ownerName}}{{ownerName}} will get back to you{{/ownerName}}{{^ownerName}}We will get back to you{{/ownerName}} shortly.',
        '{{#calendarLink}}',
        'If you prefer, book a time that suits you: {{calendarLink}}',
        '{{/calendarLink}}',
        'Best regards',
      ].join('\n'),
    },
    pl: {
      subject: 'Dziękujemy{{#firstName}}, {{firstName}}{{/firstName}} — otrzymaliśmy Twoją wiadomość',
      body: [
        'Dzień dobry{{#firstName}} {{firstName}}{{/firstName}},',
        '',
        'dziękujemy za kontakt{{#product}} w sprawie {{product}}{{/product}}. {{#ownerName}}{{ownerName}} odezwie się{{/ownerName}}{{^ownerName}}Odezwiemy się{{/ownerName}} wkrótce.',
        '{{#calendarLink}}',
        'Jeśli wolisz, wybierz dogodny termin rozmowy: {{calendarLink}}',
        '{{/calendarLink}}',
        'Pozdrawiamy',
      ].join('\n'),
    },
  },
  'second-touch': {
    en: {
      subject: 'Is this still relevant{{#firstName}}, {{firstName}}{{/firstName}}?',
      body: [
        'Hi{{#firstName}} {{firstName}}{{/firstName}},',
        '',
        'you contacted us yesterday{{#product}} about {{product}}{{/product}}. Is this still relevant? Just reply to this email{{#calendarLink}} or book a call: {{calendarLink}}{{/calendarLink}}.',
        '',
        '{{#ownerName}}{{ownerName}}{{/ownerName}}',
      ].join('\n'),
    },
    pl: {
      subject: 'Czy temat jest nadal aktualny{{#firstName}}, {{firstName}}{{/firstName}}?',
      body: [
        'Dzień dobry{{#firstName}} {{firstName}}{{/firstName}},',
        '',
        'wczoraj skontaktował(a) się Pan/Pani z nami{{#product}} w sprawie {{product}}{{/product}}. Czy temat jest nadal aktualny? Wystarczy odpowiedzieć na tę wiadomość{{#calendarLink}} lub umówić rozmowę: {{calendarLink}}{{/calendarLink}}.',
        '',
        '{{#ownerName}}{{ownerName}}{{/ownerName}}',
      ].join('\n'),
    },
  },
};
