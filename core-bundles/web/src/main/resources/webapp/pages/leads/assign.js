// Picking a user to assign leads to: a search over the user directory (or just the user, without users:read).

import {findUsers} from './common.js';

/**
 * userPicker(ctx, {label, onPick}) → an element with a search field and the matching users as buttons;
 * onPick(user) is awaited, and its error is shown under the picker.
 */
export function userPicker(ctx, {label, onPick, onCancel, autofocus = true}) {
    const {h, t, uid} = ctx;
    const searchId = uid('user-search');
    const input = h('input', {id: searchId, type: 'search', autocomplete: 'off', 'data-testid': 'user-search',
        placeholder: t('leads.assign.searchPlaceholder')});
    const results = h('ul', {class: 'user-results', 'aria-live': 'polite', 'data-testid': 'user-results'});
    const problem = h('p', {class: 'form-error', role: 'alert', hidden: true});
    let timer = null;
    let asked = 0;

    async function search() {
        const mine = ++asked;
        results.replaceChildren(h('li', {class: 'muted'}, t('common.loading')));
        try {
            const users = await findUsers(ctx, input.value.trim());
            if (mine !== asked) {
                return;
            }
            results.replaceChildren(...(users.length === 0 ? [h('li', {class: 'muted'}, t('leads.assign.noUsers'))]
                : users.map((user) => h('li', {}, h('button', {type: 'button', class: 'secondary',
                    'data-testid': 'pick-user', 'data-user-id': user.id, onClick: async (event) => {
                        problem.hidden = true;
                        event.currentTarget.disabled = true;
                        try {
                            await onPick(user);
                        } catch (error) {
                            problem.textContent = t('error.generic', {detail: error.message});
                            problem.hidden = false;
                        } finally {
                            event.currentTarget.disabled = false;
                        }
                    }}, user.label)))));
        } catch (error) {
            results.replaceChildren(h('li', {class: 'form-error'}, t('error.generic', {detail: error.message})));
        }
    }

    input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(search, 250);
    });
    input.addEventListener('keydown', (event) => {
        if (event.key === 'Escape' && onCancel) {
            onCancel();
        }
    });
    search();
    const box = h('div', {class: 'panel user-picker', role: 'group', 'aria-labelledby': `${searchId}-label`},
        h('label', {for: searchId, id: `${searchId}-label`}, label), input, results, problem,
        onCancel ? h('button', {type: 'button', class: 'secondary', onClick: onCancel}, t('leads.cancel')) : null);
    // the picker opens on a click: the search field takes the focus so typing works at once
    if (autofocus) {
        setTimeout(() => input.focus(), 0);
    }
    return box;
}
