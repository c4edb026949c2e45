// Changing one's password. The server signs every session of the user out afterwards, this one too, so the page
// says so and offers the sign-in.

import {fieldErrors} from '../forms.js';

export function passwordForm(ctx) {
    const {h, t, uid, api} = ctx;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const errors = fieldErrors(h, t, general);
    const ids = {current: uid('current-password'), next: uid('new-password'), repeat: uid('repeat-password')};
    const current = h('input', {id: ids.current, name: 'currentPassword', type: 'password',
        autocomplete: 'current-password'});
    const next = h('input', {id: ids.next, name: 'newPassword', type: 'password', autocomplete: 'new-password'});
    const repeat = h('input', {id: ids.repeat, name: 'repeatPassword', type: 'password', autocomplete: 'new-password'});
    const submit = h('button', {type: 'submit', class: 'primary', 'data-testid': 'password-save'}, t('password.submit'));
    const form = h('form', {class: 'card-form', novalidate: true, 'data-testid': 'password-form'},
        h('p', {class: 'muted'}, t('password.hint')),
        errors.field('currentPassword', h('label', {for: ids.current}, t('password.current')), current),
        errors.field('newPassword', h('label', {for: ids.next}, t('password.new')), next, ['password']),
        errors.field('repeatPassword', h('label', {for: ids.repeat}, t('password.repeat')), repeat),
        general, submit);

    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        const problems = [];
        if (!current.value) {
            problems.push({field: 'currentPassword', message: t('password.required')});
        }
        if (!next.value) {
            problems.push({field: 'newPassword', message: t('password.required')});
        }
        if (next.value !== repeat.value) {
            problems.push({field: 'repeatPassword', message: t('password.mismatch')});
        }
        if (problems.length > 0) {
            errors.show({errors: problems});
            return;
        }
        submit.disabled = true;
        try {
            await api('/me/password', {method: 'POST', body: {currentPassword: current.value, newPassword: next.value}});
        } catch (error) {
            submit.disabled = false;
            errors.show(error);
            return;
        }
        [current, next, repeat].forEach((input) => {
            input.value = '';
        });
        const signIn = h('button', {type: 'button', class: 'primary', 'data-testid': 'password-sign-in',
            onClick: () => signOutHere(api)}, t('password.signInAgain'));
        form.replaceChildren(h('p', {class: 'notice', role: 'status', 'data-testid': 'password-changed'},
            t('password.changed')), signIn);
        signIn.focus();
    });
    return form;
}

/** The session is closed on the server already; the shell's own sign-out clears the page and shows the sign-in. */
function signOutHere(api) {
    const shellSignOut = document.querySelector('[data-testid=logout]');
    if (shellSignOut) {
        shellSignOut.click();
    } else {
        api('/auth/session').catch(() => {}); // its 401 takes the app to the sign-in
    }
}
