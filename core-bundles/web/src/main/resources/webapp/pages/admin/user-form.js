// The user form, for a new user and for changing one: profile, roles, teams, manager, and a first password.

import {fieldErrors} from '../forms.js';
import {can, errorText, generatePassword, patch, userNames, userSearch} from './shared.js';

const TIME_ZONES = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** Teams are kept on the team (its members), so a user's teams change team by team. */
export async function saveTeams(api, userId, wanted, teams) {
    for (const team of teams) {
        const member = team.members.includes(userId);
        if (member !== wanted.has(team.id)) {
            const members = member ? team.members.filter((id) => id !== userId) : [...team.members, userId];
            await patch(api, `/admin/teams/${encodeURIComponent(team.id)}`, team.version, {members});
        }
    }
}

/**
 * userForm(ctx, {user, etag, onSaved}) → a form element; without user it creates one. A username taken already
 * (409) is shown at the username, the license's seat limit above the button.
 */
export async function userForm(ctx, {user = null, etag = null, onSaved}) {
    const {h, t, uid, api} = ctx;
    const creating = !user;
    const [roles, teams] = await Promise.all([
        can(ctx.me, 'roles:read') ? api('/admin/roles').then(({data}) => data.items || []) : Promise.resolve(null),
        can(ctx.me, 'teams:read') ? api('/admin/teams').then(({data}) => data.items || []) : Promise.resolve(null),
    ]);
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'user-form-error'});
    const errors = fieldErrors(h, t, general);
    const form = h('form', {class: 'card-form admin-form', novalidate: true, 'data-testid': 'user-form',
        'aria-label': creating ? t('admin.users.new') : t('admin.user.edit')});
    const inputs = {};
    const text = (name, label, attrs = {}) => {
        const id = uid(name);
        inputs[name] = h('input', {id, name, type: 'text', value: user ? user[name] || '' : '', ...attrs});
        form.append(errors.field(name, h('label', {for: id}, label), inputs[name]));
    };
    if (creating) {
        text('username', t('admin.users.username'), {autocomplete: 'off', autocapitalize: 'none', required: true});
    }
    text('displayName', t('admin.users.displayName'));
    text('email', t('admin.users.email'), {type: 'email'});

    const localeId = uid('locale');
    inputs.locale = h('select', {id: localeId, name: 'locale'},
        [['en', 'English'], ['zh-CN', '简体中文']].map(([tag, name]) => h('option', {value: tag, lang: tag,
            selected: (user ? user.locale : ctx.language) === tag}, name)));
    form.append(errors.field('locale', h('label', {for: localeId}, t('admin.users.locale')), inputs.locale));

    const zoneId = uid('zone');
    const zoneList = uid('zones');
    inputs.timeZone = h('input', {id: zoneId, name: 'timeZone', list: zoneList, autocomplete: 'off',
        value: user ? user.timeZone : ctx.timeZone});
    form.append(errors.field('timeZone', h('label', {for: zoneId}, t('admin.users.timeZone')), inputs.timeZone),
        h('datalist', {id: zoneList}, TIME_ZONES.map((zone) => h('option', {value: zone}))));

    const roleBoxes = [];
    if (roles) {
        const group = h('fieldset', {id: uid('roles'), class: 'adm-checks', 'data-testid': 'user-roles'}, h('legend', {}, t('admin.users.roles')),
            roles.map((role) => {
                const id = uid('role');
                const box = h('input', {id, type: 'checkbox', value: role.name, name: 'roles',
                    checked: Boolean(user && user.roles.includes(role.name))});
                roleBoxes.push(box);
                return h('div', {class: 'adm-check'}, box, h('label', {for: id}, role.name));
            }));
        form.append(errors.field('roles', h('span', {}), group));
    }
    const teamBoxes = [];
    if (teams) {
        form.append(h('fieldset', {class: 'adm-checks', 'data-testid': 'user-teams'}, h('legend', {}, t('admin.users.teams')),
            teams.length === 0 ? h('p', {class: 'muted'}, t('admin.teams.none')) : teams.map((team) => {
                const id = uid('team');
                const box = h('input', {id, type: 'checkbox', value: team.id, name: 'teams',
                    checked: Boolean(user && team.members.includes(user.id))});
                teamBoxes.push(box);
                return h('div', {class: 'adm-check'}, box, h('label', {for: id}, team.name));
            })));
    }

    // the manager: searched by name, shown with a button to take it away
    let managerId = user ? user.managerId : null;
    const managerShown = h('p', {class: 'adm-chosen', 'data-testid': 'manager'});
    const showManager = async () => {
        managerShown.replaceChildren();
        if (!managerId) {
            managerShown.append(h('span', {class: 'muted'}, t('admin.users.noManager')));
            return;
        }
        const manager = await userNames(api)(managerId);
        managerShown.append(manager ? `${manager.displayName} (${manager.username})` : managerId, ' ',
            h('button', {type: 'button', class: 'adm-link', onClick: () => {
                managerId = null;
                showManager();
            }}, t('admin.remove')));
    };
    const managerPicker = userSearch(ctx, {label: t('admin.users.manager'), testid: 'manager-search',
        exclude: (candidate) => user && candidate.id === user.id,
        onPick: (picked) => {
            managerId = picked.id;
            showManager();
        }});
    form.append(errors.field('managerId', h('span', {}), h('div', {id: uid('manager')}, managerPicker.element, managerShown)));
    showManager();

    if (creating) {
        const id = uid('password');
        inputs.password = h('input', {id, name: 'password', type: 'text', autocomplete: 'new-password',
            spellcheck: 'false'});
        form.append(errors.field('password', h('label', {for: id}, t('admin.users.password')),
            h('div', {class: 'adm-inline'}, inputs.password, h('button', {type: 'button', class: 'secondary',
                'data-testid': 'generate-password', onClick: () => {
                    inputs.password.value = generatePassword();
                }}, t('admin.users.generate')))),
        h('p', {class: 'muted adm-hint'}, t('admin.users.passwordHint')));
    }
    const submit = h('button', {type: 'submit', class: 'primary', 'data-testid': 'save-user'},
        creating ? t('admin.users.create') : t('admin.save'));
    form.append(general, submit);

    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        const body = {
            displayName: inputs.displayName.value.trim() || null,
            email: inputs.email.value.trim() || null,
            locale: inputs.locale.value,
            timeZone: inputs.timeZone.value.trim() || null,
            managerId: managerId || null,
        };
        if (roles) {
            body.roles = roleBoxes.filter((box) => box.checked).map((box) => box.value);
        }
        if (creating) {
            body.username = inputs.username.value.trim();
            if (inputs.password.value) {
                body.password = inputs.password.value;
            }
        }
        submit.disabled = true;
        let saved;
        try {
            saved = creating ? (await api('/admin/users', {method: 'POST', body})).data
                : (await patch(api, `/admin/users/${encodeURIComponent(user.id)}`, etag, body)).data;
        } catch (error) {
            submit.disabled = false;
            showError(ctx, errors, general, error);
            return;
        }
        try {
            if (teams) {
                const fresh = (await api('/admin/teams')).data.items || [];
                await saveTeams(api, saved.id, new Set(teamBoxes.filter((box) => box.checked).map((box) => box.value)),
                    fresh);
                saved = (await api(`/admin/users/${encodeURIComponent(saved.id)}`)).data;
            }
        } catch (error) {
            general.textContent = t('admin.users.teamsFailed', {detail: errorText(t, error)});
            general.hidden = false;
        }
        submit.disabled = false;
        onSaved(saved);
    });
    return form;
}

/** Conflicts the server words as a detail belong at a field too: a taken username; the seat limit stands out. */
function showError({t}, errors, general, error) {
    const type = error.problem && error.problem.type ? String(error.problem.type) : '';
    if (type.endsWith('/seat-limit')) {
        errors.show({errors: [], message: ''});
        general.textContent = t('admin.users.seatLimit', {detail: error.message});
        general.hidden = false;
        general.setAttribute('data-problem', 'seat-limit');
        return;
    }
    if (error.status === 409 && error.errors.length === 0 && /username/i.test(error.message)) {
        errors.show({errors: [{field: 'username', message: error.message}]});
        return;
    }
    errors.show(error);
}
