// Modules with their state, and the license in force: install (paste or upload the signed document) and remove.

import {fieldErrors} from '../forms.js';
import {adminFrame, announce, can, confirmDialog, errorBox, scroller} from './shared.js';

const STATE_CLASS = {ACTIVE: 'adm-ok', INACTIVE: 'adm-off', UNLICENSED: 'adm-warn', FAILED: 'adm-bad',
    NONE: 'adm-off', VALID: 'adm-ok', GRACE: 'adm-warn', EXPIRED: 'adm-bad'};

export async function renderModules(page, ctx) {
    const {h, t} = ctx;
    const content = adminFrame(page, ctx, 'modules');
    if (!content) {
        return;
    }
    if (can(ctx.me, 'license:read')) {
        const license = h('section', {class: 'panel', 'data-testid': 'license-panel', 'aria-labelledby': 'license-title'});
        content.append(license);
        await showLicense(ctx, license, null);
    }
    if (can(ctx.me, 'modules:read')) {
        const modules = h('section', {class: 'admin-section'}, h('h2', {}, t('admin.modules.title')),
            h('p', {class: 'muted adm-hint'}, t('admin.modules.consoleHint')));
        content.append(modules);
        await showModules(ctx, modules);
    }
}

async function showModules(ctx, section) {
    const {h, t, api, formatDateTime} = ctx;
    const area = h('div', {}, h('p', {class: 'muted'}, t('common.loading')));
    section.append(area);
    let modules;
    try {
        modules = (await api('/modules')).data.items || [];
    } catch (error) {
        area.replaceChildren(errorBox(h, t, error));
        return;
    }
    area.replaceChildren(scroller(h, t('admin.modules.title'), h('table', {class: 'list', 'data-testid': 'modules'},
        h('thead', {}, h('tr', {},
            h('th', {scope: 'col'}, t('admin.modules.name')),
            h('th', {scope: 'col'}, t('admin.modules.version')),
            h('th', {scope: 'col'}, t('admin.modules.state')),
            h('th', {scope: 'col'}, t('admin.modules.reason')),
            h('th', {scope: 'col'}, t('admin.modules.since')))),
        h('tbody', {}, modules.map((module) => h('tr', {'data-module': module.id},
            h('th', {scope: 'row'}, module.name || module.id, h('br', {}), h('code', {class: 'muted'}, module.id),
                module.licenseKey ? h('span', {class: 'badge'}, t('admin.modules.licensed')) : null),
            h('td', {}, module.version || ''),
            h('td', {}, h('span', {class: `badge ${STATE_CLASS[module.state] || ''}`, 'data-testid': 'module-state'},
                t(`admin.moduleState.${module.state}`))),
            h('td', {}, module.reason || ''),
            h('td', {}, formatDateTime(module.since))))))));
}

async function showLicense(ctx, panel, notice) {
    const {h, t, api, formatDateTime, formatNumber} = ctx;
    panel.replaceChildren(h('h2', {id: 'license-title'}, t('admin.license.title')), h('p', {class: 'muted'}, t('common.loading')));
    let view;
    try {
        view = (await api('/admin/license')).data;
    } catch (error) {
        panel.replaceChildren(h('h2', {id: 'license-title'}, t('admin.license.title')), errorBox(h, t, error));
        return;
    }
    const status = h('p', {class: 'notice', role: 'status', hidden: true, 'data-testid': 'license-notice'});
    announce(status, notice);
    const state = h('span', {class: `badge ${STATE_CLASS[view.state] || ''}`, 'data-testid': 'license-state'},
        t(`admin.licenseState.${view.state}`));
    panel.replaceChildren(h('div', {class: 'page-head'}, h('h2', {id: 'license-title'}, t('admin.license.title')), state),
        status);
    if (view.warning) {
        panel.append(h('p', {class: 'license-warning', role: 'alert'}, view.warning));
    }
    const license = view.license;
    if (!license) {
        panel.append(h('p', {class: 'empty', 'data-testid': 'license-none'}, t('admin.license.none')));
    } else {
        const modules = Object.entries(license.modules || {});
        panel.append(h('dl', {class: 'profile', 'data-testid': 'license-details'},
            [[t('admin.license.licensee'), license.licensee],
                [t('admin.license.id'), license.id],
                [t('admin.license.issuedAt'), formatDateTime(license.issuedAt)],
                [t('admin.license.expiresAt'), formatDateTime(license.expiresAt)],
                view.graceEndsAt ? [t('admin.license.graceEndsAt'), formatDateTime(view.graceEndsAt)] : null,
                [t('admin.license.seats'), license.maxActiveUsers > 0 ? formatNumber(license.maxActiveUsers) : t('admin.license.unlimited')],
                [t('admin.license.modules'), modules.length === 0 ? '—' : modules.map(([id, seats]) =>
                    (seats ? `${id} (${t('admin.license.moduleSeats', {seats: formatNumber(seats)})})` : id)).join(', ')],
            ].filter(Boolean).map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])));
    }
    if (can(ctx.me, 'license:manage')) {
        panel.append(installForm(ctx, (message) => showLicense(ctx, panel, message)));
        if (license) {
            panel.append(h('button', {type: 'button', class: 'adm-danger', 'data-testid': 'remove-license', onClick: async () => {
                if (!await confirmDialog(ctx, t('admin.license.removeConfirm', {licensee: license.licensee}),
                    t('admin.license.remove'))) {
                    return;
                }
                try {
                    await api('/admin/license', {method: 'DELETE'});
                    await showLicense(ctx, panel, t('admin.license.removed'));
                } catch (error) {
                    panel.append(errorBox(h, t, error));
                }
            }}, t('admin.license.remove')));
        }
    }
}

function installForm(ctx, done) {
    const {h, t, uid, api} = ctx;
    const textId = uid('license');
    const fileId = uid('license-file');
    const pasted = h('textarea', {id: textId, name: 'document', rows: '4', spellcheck: 'false',
        'data-testid': 'license-document', placeholder: '{"format":"relata-license/1","payload":"…","signature":"…"}'});
    const file = h('input', {id: fileId, type: 'file', accept: '.license,.json,application/json,text/plain'});
    file.addEventListener('change', async () => {
        if (file.files && file.files[0]) {
            pasted.value = await file.files[0].text();
        }
    });
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'license-error'});
    const errors = fieldErrors(h, t, general);
    const form = h('form', {class: 'adm-license-form', novalidate: true},
        h('h3', {}, t('admin.license.install')),
        errors.field('document', h('label', {for: textId}, t('admin.license.paste')), pasted),
        h('div', {class: 'field'}, h('label', {for: fileId}, t('admin.license.upload')), file),
        general, h('button', {type: 'submit', class: 'primary', 'data-testid': 'install-license'}, t('admin.license.installButton')));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        let body;
        try {
            body = JSON.parse(pasted.value);
        } catch {
            errors.show({errors: [{field: 'document', message: t('admin.license.notJson')}]});
            return;
        }
        // the signature covers the base64 payload, so sending the parsed document again changes nothing that counts
        try {
            await api('/admin/license', {method: 'PUT', body});
            await done(t('admin.license.installed'));
        } catch (error) {
            errors.show(error.errors.length === 0 ? {errors: [{field: 'document', message: error.message}]} : error);
        }
    });
    return form;
}
