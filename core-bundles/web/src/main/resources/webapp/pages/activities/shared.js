// Pieces the activities pages share: the tab bar, the customer picker, customer names for links.

const TABS = [
    {id: 'tasks', path: '/activities/tasks', label: 'activities.tab.tasks'},
    {id: 'log', path: '/activities/log', label: 'activities.tab.log'},
    {id: 'calendar', path: '/activities/calendar', label: 'activities.tab.calendar'},
];

/** The heading and tab bar of the activities pages; the current tab is a link with aria-current. */
export function activitiesHeader({h, t}, current, ...actions) {
    return [
        h('div', {class: 'page-head'}, h('h1', {}, t('activities.title')), ...actions),
        h('nav', {class: 'tabs', 'aria-label': t('activities.tabs')},
            h('ul', {}, TABS.map((tab) => h('li', {}, h('a', {href: `#${tab.path}`, 'data-testid': `tab-${tab.id}`,
                'aria-current': tab.id === current ? 'page' : null}, t(tab.label)))))),
    ];
}

/** The customer a set of links is about, or null. */
export function customerLink(links) {
    return (links || []).find((link) => link.recordType === 'customer') || null;
}

// Names of customers by id, kept while the app runs: lists show names, the API gives ids.
const names = new Map();

/** Resolves the customer's name (or null when it cannot be read); one request per customer per session. */
export function customerName(api, id) {
    if (!names.has(id)) {
        names.set(id, api(`/customers/${encodeURIComponent(id)}`).then(({data}) => data.name)
            .catch(() => {
                names.delete(id);
                return null;
            }));
    }
    return names.get(id);
}

/** A link to the customer that shows the name once it is known. */
export function customerAnchor({h, t, api}, id) {
    const anchor = h('a', {href: `#/customers/${encodeURIComponent(id)}`, class: 'customer-link'}, t('activities.customer'));
    customerName(api, id).then((name) => {
        if (name) {
            anchor.textContent = name;
        }
    });
    return anchor;
}

/**
 * A search field that finds customers (GET /customers?q=) and lets the user pick one.
 * Returns {element, input, get() → {id, name} | null, set(id, name)}; onChange(picked) after every pick.
 */
export function customerPicker(ctx, {id, testid, onChange} = {}) {
    const {h, t, api} = ctx;
    let picked = null;
    let timer = null;
    let asked = 0;
    const input = h('input', {id, type: 'search', autocomplete: 'off', 'data-testid': testid || 'customer-picker',
        placeholder: t('activities.customerSearch'), 'aria-autocomplete': 'list'});
    const results = h('ul', {class: 'picker-results', hidden: true, 'data-testid': `${testid || 'customer-picker'}-results`});
    const chosen = h('p', {class: 'picker-chosen', hidden: true});
    input.setAttribute('aria-controls', `${id}-results`);
    results.id = `${id}-results`;

    function showChosen() {
        chosen.hidden = !picked;
        chosen.replaceChildren(...(picked ? [t('activities.customerChosen'), ' ', h('strong', {}, picked.name), ' ',
            h('button', {type: 'button', class: 'link-button', onClick: () => {
                set(null, null);
                input.focus();
            }}, t('activities.customerChange'))] : []));
    }

    function set(customerId, name) {
        picked = customerId ? {id: customerId, name: name || ''} : null;
        if (customerId && name && name !== '…') {
            names.set(customerId, Promise.resolve(name));
        }
        input.value = picked ? picked.name : '';
        results.hidden = true;
        results.replaceChildren();
        showChosen();
        if (onChange) {
            onChange(picked);
        }
    }

    async function search() {
        const q = input.value.trim();
        const ticket = ++asked;
        if (q.length < 1) {
            results.hidden = true;
            return;
        }
        results.hidden = false;
        results.replaceChildren(h('li', {class: 'muted'}, t('common.loading')));
        try {
            const {data} = await api(`/customers?${new URLSearchParams({q, limit: '8'})}`);
            if (ticket !== asked) {
                return; // a newer search is under way
            }
            const items = data.items || [];
            results.replaceChildren(...(items.length === 0 ? [h('li', {class: 'muted'}, t('activities.customerNone'))]
                : items.map((customer) => h('li', {}, h('button', {type: 'button', class: 'picker-option',
                    'data-customer-id': customer.id, onClick: () => {
                        set(customer.id, customer.name);
                        input.focus();
                    }}, customer.name, customer.email ? h('span', {class: 'muted'}, ` · ${customer.email}`) : null)))));
        } catch (error) {
            if (ticket === asked) {
                results.replaceChildren(h('li', {class: 'form-error'}, t('error.generic', {detail: error.message})));
            }
        }
    }

    input.addEventListener('input', () => {
        if (picked && input.value !== picked.name) {
            picked = null;
            showChosen();
            if (onChange) {
                onChange(null);
            }
        }
        clearTimeout(timer);
        timer = setTimeout(search, 250);
    });
    input.addEventListener('keydown', (event) => {
        if (event.key === 'ArrowDown' && !results.hidden) {
            const first = results.querySelector('button');
            if (first) {
                event.preventDefault();
                first.focus();
            }
        } else if (event.key === 'Escape') {
            results.hidden = true;
        } else if (event.key === 'Enter') {
            event.preventDefault(); // picking is explicit; Enter must not submit a half-typed customer
            clearTimeout(timer);
            search();
        }
    });
    results.addEventListener('keydown', (event) => {
        const buttons = [...results.querySelectorAll('button')];
        const index = buttons.indexOf(document.activeElement);
        if (event.key === 'ArrowDown' && index < buttons.length - 1) {
            event.preventDefault();
            buttons[index + 1].focus();
        } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            (index > 0 ? buttons[index - 1] : input).focus();
        } else if (event.key === 'Escape') {
            results.hidden = true;
            input.focus();
        }
    });
    const element = h('div', {class: 'picker', id: `${id}-picker`}, input, results, chosen);
    return {element, input, get: () => picked, set};
}

/**
 * Asks inline before something is destroyed: the trigger's place shows the question and two buttons, the
 * confirming one focused; answering puts the trigger back (and focuses it when the user kept the thing).
 */
export function confirmInline({h, t}, trigger, question, confirmLabel, onConfirm) {
    const holder = trigger.parentNode;
    const box = h('span', {class: 'confirm', role: 'group'});
    const yes = h('button', {type: 'button', class: 'danger', 'data-testid': 'confirm-yes', onClick: async () => {
        yes.disabled = true;
        try {
            await onConfirm();
        } finally {
            if (box.isConnected) {
                box.replaceWith(trigger);
            }
        }
    }}, confirmLabel);
    const no = h('button', {type: 'button', class: 'secondary', onClick: () => {
        box.replaceWith(trigger);
        trigger.focus();
    }}, t('activities.keep'));
    box.append(h('span', {}, question), ' ', yes, ' ', no);
    if (holder) {
        trigger.replaceWith(box);
        yes.focus();
    }
}

/** A plain error paragraph for a failed request. */
export function errorLine({h, t}, error) {
    return h('p', {class: 'form-error', role: 'alert'}, t('error.generic', {detail: error.message}));
}
