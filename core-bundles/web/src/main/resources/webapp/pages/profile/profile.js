// The signed-in user's own profile: details (name, e-mail, language, time zone), password, API tokens, and the
// calendar subscription.

import {detailsForm} from './details.js';
import {calendarFeedPanel} from './feed.js';
import {passwordForm} from './password.js';
import {tokensPanel} from './tokens.js';

export async function renderProfile(page, ctx, query) {
    const {h, t, api} = ctx;
    page.append(h('h1', {}, t('profile.title')));
    let me;
    let etag;
    try {
        ({data: me, etag} = await api('/me'));
    } catch (error) {
        page.append(h('p', {class: 'form-error', role: 'alert'}, t('error.generic', {detail: error.message})));
        return;
    }
    if (query.get('saved') === '1') {
        history.replaceState(null, '', '#/profile'); // a reload must not confirm the save again
    }
    const section = (id, title, ...content) => h('section', {class: 'panel', 'aria-labelledby': id},
        h('h2', {id}, title), ...content);
    page.append(h('p', {class: 'muted'}, t('profile.signedInAs', {username: me.username})),
        h('div', {class: 'columns profile-columns'},
            section('profile-details-h', t('profile.details'), detailsForm(ctx, me, etag, query.get('saved') === '1')),
            section('profile-password-h', t('password.title'), passwordForm(ctx, me)),
            h('section', {class: 'panel wide-panel', 'aria-labelledby': 'profile-tokens-h'},
                h('h2', {id: 'profile-tokens-h'}, t('tokens.title')), tokensPanel(ctx)),
            section('profile-feed-h', t('feed.title'), calendarFeedPanel(ctx))));
}
