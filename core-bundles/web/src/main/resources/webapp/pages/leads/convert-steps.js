// The steps of the convert wizard. Each builds its fieldset once (values survive going back and forth) and
// answers what it contributes to POST /leads/{id}/convert.

import {fieldErrors} from '../forms.js';
import {personName} from './common.js';

function radio(ctx, name, value, label, checked, onChange) {
    const {h, uid} = ctx;
    const id = uid(name);
    return h('div', {class: 'choice'},
        h('input', {type: 'radio', id, name, value, checked, 'data-testid': `${name}-${value}`, onChange}),
        h('label', {for: id}, label));
}

function input(ctx, errors, name, label, value, attrs = {}) {
    const {h, uid} = ctx;
    const id = uid(name.replace('.', '-'));
    const element = h('input', {id, name, value: value || '', ...attrs});
    return {element, field: errors.field(name, h('label', {for: id}, label), element)};
}

/** Step 1: a new customer made from the lead (fields editable), or an existing one found by a search. */
export function customerStep(ctx, lead, state) {
    const {h, t, api} = ctx;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const errors = fieldErrors(h, t, general);
    const company = Boolean(lead.company);
    const address = lead.address || {};
    const kindId = ctx.uid('kind');
    const kind = h('select', {id: kindId, name: 'kind'},
        ['COMPANY', 'PERSON'].map((value) => h('option', {value, selected: (company ? 'COMPANY' : 'PERSON') === value},
            t(`kind.${value}`))));
    const fields = {
        name: input(ctx, errors, 'name', t('leads.convert.customerName'), company ? lead.company : personName(lead),
            {maxlength: '200', 'data-testid': 'convert-customer-name'}),
        email: input(ctx, errors, 'email', t('leads.field.email'), company ? '' : lead.email, {type: 'email'}),
        phone: input(ctx, errors, 'phone', t('leads.field.phone'), lead.phone, {type: 'tel'}),
        website: input(ctx, errors, 'website', t('leads.field.website'), lead.website, {type: 'url'}),
        city: input(ctx, errors, 'address.city', t('leads.field.address.city'), address.city),
        region: input(ctx, errors, 'address.region', t('leads.field.address.region'), address.region),
        country: input(ctx, errors, 'address.country', t('leads.field.address.country'), address.country,
            {maxlength: '2'}),
    };
    const newBox = h('div', {class: 'form-grid'},
        errors.field('kind', h('label', {for: kindId}, t('leads.field.kind')), kind),
        Object.values(fields).map((entry) => entry.field));

    const searchId = ctx.uid('customer-search');
    const search = h('input', {id: searchId, type: 'search', value: lead.company || personName(lead),
        'data-testid': 'convert-customer-search'});
    const found = h('div', {class: 'found', id: ctx.uid('found'), 'aria-live': 'polite',
        'data-testid': 'convert-customer-results'});
    const existingBox = h('div', {},
        h('div', {class: 'search'}, h('label', {for: searchId}, t('leads.convert.findCustomer')), search,
            h('button', {type: 'button', class: 'secondary', onClick: () => find()}, t('leads.searchButton'))),
        errors.field('customerId', h('span', {class: 'visually-hidden', id: `${searchId}-picked`},
            t('leads.convert.pickedCustomer')), found));
    search.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
            event.preventDefault();
            find();
        }
    });

    const duplicates = h('div', {class: 'duplicates', hidden: true, 'data-testid': 'customer-duplicates'});
    const modes = h('fieldset', {class: 'modes'}, h('legend', {}, t('leads.convert.customerMode')),
        radio(ctx, 'customer-mode', 'new', t('leads.convert.newCustomer'), state.customerMode === 'new', () => mode('new')),
        radio(ctx, 'customer-mode', 'existing', t('leads.convert.existingCustomer'), state.customerMode === 'existing',
            () => mode('existing')));

    function mode(value) {
        state.customerMode = value;
        newBox.hidden = value !== 'new';
        existingBox.hidden = value !== 'existing';
        modes.querySelector(`input[value=${value}]`).checked = true;
        if (value === 'existing' && !found.hasChildNodes()) {
            find();
        }
    }

    function pick(customer) {
        state.customer = customer;
        found.querySelectorAll('input[type=radio]').forEach((box) => {
            box.checked = box.value === customer.id;
        });
    }

    function customerChoice(customer) {
        const id = ctx.uid('pick');
        const details = [customer.email, customer.phone].filter(Boolean).join(' · ');
        return h('li', {}, h('input', {type: 'radio', id, name: 'customer-pick', value: customer.id,
            checked: state.customer && state.customer.id === customer.id, 'data-testid': 'pick-customer',
            onChange: () => pick(customer)}),
        h('label', {for: id}, customer.name, details ? h('span', {class: 'muted'}, ` · ${details}`) : null));
    }

    async function find() {
        const q = search.value.trim();
        found.replaceChildren(h('p', {class: 'muted'}, t('common.loading')));
        try {
            const params = new URLSearchParams({limit: '10'});
            if (q) {
                params.set('q', q);
            }
            const {data} = await api(`/customers?${params}`);
            const items = data.items || [];
            found.replaceChildren(items.length === 0 ? h('p', {class: 'muted'}, t('leads.convert.noCustomers'))
                : h('ul', {class: 'choices'}, items.map(customerChoice)));
        } catch (error) {
            found.replaceChildren(h('p', {class: 'form-error'}, t('error.generic', {detail: error.message})));
        }
    }

    const allowId = ctx.uid('allow');
    const allow = h('input', {type: 'checkbox', id: allowId, 'data-testid': 'allow-duplicate', onChange: () => {
        state.allowDuplicate = allow.checked;
    }});

    /** The duplicates the API reported for the new customer: use one of them, or create it anyway. */
    function showDuplicates(problem) {
        const candidates = Array.isArray(problem.candidates) ? problem.candidates : [];
        duplicates.replaceChildren(
            h('p', {role: 'alert'}, t('leads.convert.duplicates', {count: candidates.length + (problem.hiddenCandidates || 0)})),
            h('ul', {class: 'choices'}, candidates.map((candidate) => h('li', {},
                h('strong', {}, candidate.name), ' ',
                h('span', {class: 'muted'}, [candidate.email, candidate.phone].filter(Boolean).join(' · ')), ' ',
                h('button', {type: 'button', class: 'secondary small', 'data-testid': 'use-candidate', onClick: () => {
                    mode('existing');
                    found.replaceChildren(h('ul', {class: 'choices'}, customerChoice(candidate)));
                    pick(candidate);
                }}, t('leads.convert.useThis'))))),
            h('div', {class: 'choice'}, allow, h('label', {for: allowId}, t('leads.convert.createAnyway'))));
        duplicates.hidden = false;
    }

    const initial = () => JSON.stringify(body());
    function body() {
        return {kind: kind.value, name: fields.name.element.value.trim() || null,
            email: fields.email.element.value.trim() || null, phone: fields.phone.element.value.trim() || null,
            website: fields.website.element.value.trim() || null,
            address: {...address, city: fields.city.element.value.trim() || null,
                region: fields.region.element.value.trim() || null,
                country: fields.country.element.value.trim() || null}};
    }
    const untouched = initial();

    const element = h('fieldset', {class: 'wizard-step', 'data-testid': 'convert-step-customer'},
        h('legend', {}, t('leads.convert.step.customer')), modes, duplicates, newBox, existingBox, general);
    mode(state.customerMode);
    return {
        element, errors,
        fieldNames: ['kind', 'name', 'email', 'phone', 'website', 'address', 'customerId'],
        showDuplicates,
        focus: () => (state.customerMode === 'new' ? fields.name.element : search).focus(),
        validate: () => {
            if (state.customerMode === 'existing' && !state.customer) {
                errors.show({errors: [{field: 'customerId', message: t('leads.convert.pickCustomer')}]});
                return false;
            }
            return true;
        },
        /** customerId, or the new customer's fields when they differ from what the server makes of the lead. */
        request: () => (state.customerMode === 'existing' ? {customerId: state.customer.id}
            : JSON.stringify(body()) === untouched ? {} : {customer: body()}),
        summary: () => (state.customerMode === 'existing' ? t('leads.convert.summaryExisting', {name: state.customer.name})
            : t('leads.convert.summaryNew', {name: body().name || ''})),
    };
}

/** Step 2: a new contact from the lead's person, or (for an existing customer) one of its contacts. */
export function contactStep(ctx, lead, state) {
    const {h, t, api} = ctx;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const errors = fieldErrors(h, t, general);
    const fields = {
        firstName: input(ctx, errors, 'firstName', t('leads.field.firstName'), lead.firstName, {maxlength: '100'}),
        lastName: input(ctx, errors, 'lastName', t('leads.field.lastName'), lead.lastName || (lead.firstName ? '' : lead.company),
            {maxlength: '100', 'data-testid': 'convert-contact-last-name'}),
        title: input(ctx, errors, 'title', t('leads.field.title'), lead.title, {maxlength: '100'}),
        email: input(ctx, errors, 'emails', t('leads.field.email'), lead.email, {type: 'email'}),
        phone: input(ctx, errors, 'phones', t('leads.field.phone'), lead.phone, {type: 'tel'}),
    };
    const newBox = h('div', {class: 'form-grid'}, Object.values(fields).map((entry) => entry.field));
    const list = h('div', {id: ctx.uid('contacts'), 'aria-live': 'polite'});
    const existingBox = h('div', {}, errors.field('contactId', h('span', {class: 'visually-hidden'},
        t('leads.convert.existingContact')), list));
    const existingChoice = radio(ctx, 'contact-mode', 'existing', t('leads.convert.existingContact'),
        state.contactMode === 'existing', () => mode('existing'));
    const modes = h('fieldset', {class: 'modes'}, h('legend', {}, t('leads.convert.contactMode')),
        radio(ctx, 'contact-mode', 'new', t('leads.convert.newContact'), state.contactMode === 'new', () => mode('new')),
        existingChoice);
    const duplicates = h('div', {class: 'duplicates', hidden: true, 'data-testid': 'contact-duplicates'});
    let loadedFor = null;

    function mode(value) {
        state.contactMode = value;
        newBox.hidden = value !== 'new';
        existingBox.hidden = value !== 'existing';
        modes.querySelector(`input[value=${value}]`).checked = true;
        if (value === 'existing') {
            load();
        }
    }

    async function load() {
        const customerId = state.customer ? state.customer.id : null;
        if (loadedFor === customerId) {
            return;
        }
        loadedFor = customerId;
        state.contact = null;
        list.replaceChildren(h('p', {class: 'muted'}, t('common.loading')));
        try {
            const {data} = await api(`/customers/${encodeURIComponent(customerId)}/contacts?limit=50`);
            const items = data.items || [];
            list.replaceChildren(items.length === 0 ? h('p', {class: 'muted'}, t('contacts.none'))
                : h('ul', {class: 'choices'}, items.map((contact) => {
                    const id = ctx.uid('contact');
                    const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
                    return h('li', {}, h('input', {type: 'radio', id, name: 'contact-pick', value: contact.id,
                        onChange: () => {
                            state.contact = {id: contact.id, name};
                        }}), h('label', {for: id}, name, contact.title ? h('span', {class: 'muted'}, ` · ${contact.title}`)
                        : null));
                })));
        } catch (error) {
            loadedFor = null;
            list.replaceChildren(h('p', {class: 'form-error'}, t('error.generic', {detail: error.message})));
        }
    }

    function body() {
        const email = fields.email.element.value.trim();
        const phone = fields.phone.element.value.trim();
        return {firstName: fields.firstName.element.value.trim() || null,
            lastName: fields.lastName.element.value.trim() || null, title: fields.title.element.value.trim() || null,
            emails: email ? [email] : [], phones: phone ? [phone] : [], primary: state.customerMode === 'new'};
    }
    const untouched = JSON.stringify(body());

    const element = h('fieldset', {class: 'wizard-step', 'data-testid': 'convert-step-contact'},
        h('legend', {}, t('leads.convert.step.contact')), modes, duplicates, newBox, existingBox, general);
    mode(state.contactMode);
    return {
        element, errors,
        fieldNames: ['firstName', 'lastName', 'title', 'emails', 'phones', 'contactId'],
        /** Linking a contact only makes sense for an existing customer: the choice follows step 1. */
        enter: () => {
            existingChoice.hidden = state.customerMode !== 'existing';
            if (state.customerMode !== 'existing' && state.contactMode === 'existing') {
                mode('new');
            } else if (state.contactMode === 'existing') {
                load();
            }
        },
        showDuplicates: (problem) => {
            const candidates = Array.isArray(problem.candidates) ? problem.candidates : [];
            duplicates.replaceChildren(h('p', {role: 'alert'}, t('leads.convert.contactDuplicates',
                {names: candidates.map((candidate) => candidate.name).join(', ') || '—'})));
            duplicates.hidden = false;
        },
        focus: () => fields.firstName.element.focus(),
        validate: () => {
            if (state.contactMode === 'existing' && !state.contact) {
                errors.show({errors: [{field: 'contactId', message: t('leads.convert.pickContact')}]});
                return false;
            }
            return true;
        },
        request: () => (state.contactMode === 'existing' ? {contactId: state.contact.id}
            : state.customerMode === 'new' && JSON.stringify(body()) === untouched ? {} : {contact: body()}),
        summary: () => (state.contactMode === 'existing' ? t('leads.convert.summaryContactExisting', {name: state.contact.name})
            : t('leads.convert.summaryContactNew', {name: [body().firstName, body().lastName].filter(Boolean).join(' ')})),
    };
}

/** Step 3: an optional follow-up task on the customer, and what is about to happen. */
export function followUpStep(ctx, lead, state, summaries) {
    const {h, t, uid} = ctx;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const errors = fieldErrors(h, t, general);
    const ids = {want: uid('task'), subject: uid('task-subject'), due: uid('task-due')};
    const want = h('input', {type: 'checkbox', id: ids.want, 'data-testid': 'convert-task'});
    const subject = h('input', {id: ids.subject, name: 'subject', maxlength: '200',
        value: t('leads.convert.taskSubject', {name: personName(lead) || lead.company || ''})});
    // tomorrow at nine, the user's local time: a task needs a due time
    const tomorrow = new Date(Date.parse(`${ctx.localNow()}:00Z`) + 86400000).toISOString().slice(0, 10);
    const due = h('input', {id: ids.due, name: 'dueLocal', type: 'datetime-local', value: `${tomorrow}T09:00`});
    const taskFields = h('div', {class: 'form-grid', hidden: true},
        errors.field('subject', h('label', {for: ids.subject}, t('leads.convert.taskSubjectLabel')), subject),
        errors.field('dueLocal', h('label', {for: ids.due}, t('leads.convert.taskDue')), due, ['dueAt']));
    want.addEventListener('change', () => {
        taskFields.hidden = !want.checked;
        state.task = want.checked;
    });
    const summary = h('ul', {class: 'summary', 'data-testid': 'convert-summary'});
    const element = h('fieldset', {class: 'wizard-step', 'data-testid': 'convert-step-confirm'},
        h('legend', {}, t('leads.convert.step.confirm')),
        h('div', {class: 'choice'}, want, h('label', {for: ids.want}, t('leads.convert.addTask'))), taskFields,
        h('h3', {}, t('leads.convert.summary')), summary, general);
    return {
        element, errors, fieldNames: ['subject', 'dueLocal'],
        enter: () => summary.replaceChildren(...summaries().map((line) => h('li', {}, line))),
        focus: () => want.focus(),
        validate: () => true,
        task: () => (want.checked ? {subject: subject.value.trim(), dueLocal: due.value || undefined} : null),
    };
}
