// The contacts section of the 360 page: the customer's contacts (primary first), and adding or editing one.

import {fieldErrors} from '../forms.js';
import {can, errorLine} from './shared.js';

export function contactName(contact) {
    const first = contact.firstName || '';
    const last = contact.lastName || '';
    // Chinese, Japanese and Korean names: family name first, no space (as the server sorts and shows them)
    if (/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(first + last)) {
        return `${last}${first}`;
    }
    return [first, last].filter(Boolean).join(' ');
}

export function contactsSection(ctx, customerId) {
    const {h, t, api} = ctx;
    const list = h('ul', {class: 'contacts', 'data-testid': 'contacts'}, h('li', {class: 'muted'}, t('common.loading')));
    const formArea = h('div', {});
    const writable = can(ctx.me, 'contacts:write');
    let opener = null;

    function closeForm() {
        formArea.replaceChildren();
        opener?.focus();
    }

    function openForm(button, contact) {
        opener = button;
        formArea.replaceChildren(contactForm(ctx, customerId, contact, {
            onSaved: async () => {
                closeForm();
                await load();
            },
            onCancel: closeForm,
        }));
        formArea.querySelector('input').focus();
    }

    async function load() {
        let data;
        try {
            ({data} = await api(`/customers/${encodeURIComponent(customerId)}/contacts`));
        } catch (error) {
            list.replaceChildren(h('li', {}, errorLine(h, t, error)));
            return;
        }
        const items = data.items || [];
        list.replaceChildren(...(items.length === 0 ? [h('li', {class: 'muted'}, t('contacts.none'))]
            : items.map((contact) => {
                const edit = writable ? h('button', {type: 'button', class: 'cu-link-button', 'data-testid': 'edit-contact',
                    'aria-label': t('cust.editContact', {name: contactName(contact)}),
                    onClick: () => openForm(edit, contact)}, t('cust.edit')) : null;
                return h('li', {'data-id': contact.id},
                    h('div', {class: 'contact-head'},
                        h('strong', {}, contactName(contact)),
                        contact.primary ? h('span', {class: 'badge'}, t('contacts.primary')) : null,
                        contact.doNotContact ? h('span', {class: 'badge cu-warn'}, t('cust.doNotContact')) : null,
                        edit),
                    contact.title || contact.department ? h('div', {class: 'muted'},
                        [contact.title, contact.department].filter(Boolean).join(' · ')) : null,
                    (contact.emails || []).length || (contact.phones || []).length ? h('div', {class: 'contact-ways'},
                        (contact.emails || []).map((email) => h('a', {href: `mailto:${email}`}, email)),
                        (contact.phones || []).map((phone) => h('a', {href: `tel:${phone}`}, phone))) : null);
            })));
    }

    const add = writable ? h('button', {type: 'button', class: 'secondary', 'data-testid': 'add-contact',
        onClick: () => openForm(add, null)}, t('cust.addContact')) : null;
    load();
    return h('section', {'aria-labelledby': 'contacts-h', class: 'panel'},
        h('div', {class: 'panel-head'}, h('h2', {id: 'contacts-h'}, t('contacts.title')), add),
        formArea, list);
}

function contactForm(ctx, customerId, contact, {onSaved, onCancel}) {
    const {h, t, uid, api} = ctx;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const errors = fieldErrors(h, t, general);
    const form = h('form', {class: 'card-form', novalidate: true, 'data-testid': 'contact-form',
        'aria-label': contact ? t('cust.editContactTitle') : t('cust.addContact')});
    const inputs = {};
    const text = (name, label, value, attrs = {}) => {
        const id = uid(name);
        inputs[name] = h('input', {id, name, value: value || '', ...attrs});
        return errors.field(name, h('label', {for: id}, label), inputs[name]);
    };
    const primaryId = uid('primary');
    const primary = h('input', {id: primaryId, name: 'primary', type: 'checkbox', checked: contact ? contact.primary : false});
    form.append(
        h('div', {class: 'cu-form-grid'},
            text('firstName', t('cust.firstName'), contact?.firstName, {maxlength: '100', autocomplete: 'given-name'}),
            text('lastName', t('cust.lastName'), contact?.lastName, {maxlength: '100', autocomplete: 'family-name'}),
            text('title', t('cust.jobTitle'), contact?.title, {maxlength: '100'}),
            text('department', t('cust.department'), contact?.department, {maxlength: '100'}),
            text('emails', t('customer.email'), contact?.emails?.[0], {type: 'email'}),
            text('phones', t('customer.phone'), contact?.phones?.[0], {type: 'tel'})),
        h('div', {class: 'cu-check'}, primary, h('label', {for: primaryId}, t('cust.primaryContact'))),
        general,
        h('div', {class: 'cu-actions'},
            h('button', {type: 'submit', class: 'primary', 'data-testid': 'save-contact'}, t('cust.save')),
            h('button', {type: 'button', class: 'secondary', onClick: onCancel}, t('cust.cancel'))));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        const value = (name) => inputs[name].value.trim() || null;
        // the form edits the preferred e-mail and phone; further ones stay as they are
        const list = (name, old) => {
            const rest = (old || []).slice(1);
            return value(name) ? [value(name), ...rest] : rest;
        };
        const body = {firstName: value('firstName'), lastName: value('lastName'), title: value('title'),
            department: value('department'), emails: list('emails', contact?.emails),
            phones: list('phones', contact?.phones), primary: primary.checked};
        try {
            if (contact) {
                // the version the user saw: a change by someone else meanwhile answers 412
                await api(`/contacts/${encodeURIComponent(contact.id)}`, {method: 'PATCH', body,
                    headers: {'Content-Type': 'application/merge-patch+json', 'If-Match': `"${contact.version}"`}});
            } else {
                await api('/contacts', {method: 'POST', body: {...body, customerId}});
            }
            await onSaved();
        } catch (error) {
            if (error instanceof ctx.ApiError && error.status === 412) {
                general.textContent = t('cust.conflictContact');
                general.hidden = false;
                general.focus();
                return;
            }
            errors.show(error);
        }
    });
    form.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') {
            onCancel();
        }
    });
    return form;
}
