// The sign-in page: POST /api/v1/auth/login answers the session cookie and the CSRF token.

export function renderLogin(root, {t, h, uid, api, ApiError, notice, languageSelect, onSignedIn}) {
    const userId = uid('username');
    const passwordId = uid('password');
    const message = h('p', {class: 'form-error', role: 'alert', 'data-testid': 'login-error', hidden: true});
    const username = h('input', {id: userId, name: 'username', autocomplete: 'username', required: true,
        autocapitalize: 'none', spellcheck: 'false'});
    const password = h('input', {id: passwordId, name: 'password', type: 'password', autocomplete: 'current-password',
        required: true});
    const submit = h('button', {type: 'submit', class: 'primary'}, t('login.submit'));
    const form = h('form', {class: 'login-form', novalidate: true, onSubmit: async (event) => {
        event.preventDefault();
        message.hidden = true;
        if (!username.value || !password.value) {
            message.textContent = t('login.missing');
            message.hidden = false;
            (username.value ? password : username).focus();
            return;
        }
        submit.disabled = true;
        try {
            const {data} = await api('/auth/login', {method: 'POST', anonymous: true,
                body: {username: username.value, password: password.value}});
            password.value = '';
            await onSignedIn(data.user, data.csrfToken);
        } catch (error) {
            const type = error instanceof ApiError ? error.problem.type || '' : '';
            message.textContent = type.endsWith('/invalid-credentials') ? t('login.invalid')
                : type.endsWith('/account-locked') || type.endsWith('/too-many-attempts') ? t('login.locked')
                    : error instanceof ApiError ? t('error.generic', {detail: error.message}) : t('error.network');
            message.hidden = false;
            password.focus();
        } finally {
            submit.disabled = false;
        }
    }},
    h('div', {class: 'field'}, h('label', {for: userId}, t('login.username')), username),
    h('div', {class: 'field'}, h('label', {for: passwordId}, t('login.password')), password),
    message,
    submit);

    root.replaceChildren(h('main', {class: 'login', id: 'main', tabindex: '-1'},
        h('div', {class: 'login-card'},
            h('div', {class: 'login-head'}, h('span', {class: 'brand'}, 'Relata'), languageSelect()),
            h('h1', {}, t('login.title')),
            notice ? h('p', {class: 'notice', role: 'status', 'data-testid': 'login-notice'}, notice) : null,
            form)));
    username.focus();
}
