// Name, e-mail, language and time zone, saved with a merge patch on /me; the whole app then switches at once.

import {fieldErrors} from '../forms.js';

function zones() {
    try {
        return Intl.supportedValuesOf('timeZone');
    } catch {
        return ['UTC'];
    }
}

export function detailsForm(ctx, me, etag, saved) {
    const {h, t, uid, api, profileChanged} = ctx;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const done = h('p', {class: 'notice', role: 'status', hidden: !saved, 'data-testid': 'profile-saved'},
        saved ? t('profile.saved') : '');
    const errors = fieldErrors(h, t, general);
    const ids = {name: uid('display-name'), email: uid('email'), locale: uid('locale'), zone: uid('zone')};
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const all = zones();
    const known = new Set(all);
    const displayName = h('input', {id: ids.name, name: 'displayName', maxlength: '200', autocomplete: 'name',
        value: me.displayName || ''});
    const email = h('input', {id: ids.email, name: 'email', type: 'email', maxlength: '320', autocomplete: 'email',
        value: me.email || ''});
    const locale = h('select', {id: ids.locale, name: 'locale', 'data-testid': 'profile-locale'},
        h('option', {value: 'en', lang: 'en', selected: me.locale !== 'zh-CN'}, 'English'),
        h('option', {value: 'zh-CN', lang: 'zh-CN', selected: me.locale === 'zh-CN'}, '简体中文'));
    const current = me.timeZone || browserZone;
    const zone = h('select', {id: ids.zone, name: 'timeZone', 'data-testid': 'profile-zone'},
        // the profile's zone stays choosable even when this browser does not list it
        known.has(current) ? null : h('option', {value: current, selected: true}, current),
        h('optgroup', {label: t('profile.zoneSuggested')},
            h('option', {value: browserZone, selected: current === browserZone},
                t('profile.zoneBrowser', {zone: browserZone}))),
        h('optgroup', {label: t('profile.zoneAll')},
            all.map((name) => h('option', {value: name, selected: name === current && name !== browserZone}, name))));
    const useBrowser = current !== browserZone ? h('button', {type: 'button', class: 'link-button',
        'data-testid': 'use-browser-zone', onClick: () => {
            zone.value = browserZone;
            zone.focus();
        }}, t('profile.useBrowserZone', {zone: browserZone})) : null;

    const submit = h('button', {type: 'submit', class: 'primary', 'data-testid': 'profile-save'}, t('profile.save'));
    const form = h('form', {class: 'card-form', novalidate: true, 'data-testid': 'profile-form'},
        errors.field('displayName', h('label', {for: ids.name}, t('profile.displayName')), displayName),
        errors.field('email', h('label', {for: ids.email}, t('profile.email')), email),
        errors.field('locale', h('label', {for: ids.locale}, t('profile.language')), locale),
        errors.field('timeZone', h('label', {for: ids.zone}, t('profile.timeZone')), zone),
        useBrowser ? h('p', {}, useBrowser) : null,
        general, done, submit);

    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        done.hidden = true;
        const patch = {};
        const fields = {displayName: displayName.value.trim(), email: email.value.trim(), locale: locale.value,
            timeZone: zone.value};
        Object.entries(fields).forEach(([name, value]) => {
            if ((me[name] || '') !== value) {
                patch[name] = value === '' ? null : value;
            }
        });
        if (Object.keys(patch).length === 0) {
            done.textContent = t('profile.unchanged');
            done.hidden = false;
            return;
        }
        submit.disabled = true;
        try {
            const {data, etag: changedEtag} = await api('/me', {method: 'PATCH', body: patch,
                headers: {'Content-Type': 'application/merge-patch+json', 'If-Match': etag || '*'}});
            // the page is rendered again in the new language and zone; the address keeps the confirmation
            history.replaceState(null, '', '#/profile?saved=1');
            await profileChanged(data, changedEtag);
        } catch (error) {
            submit.disabled = false;
            errors.show(error.status === 412 ? {message: t('profile.stale')} : error);
        }
    });
    return form;
}
