// Teams: create, rename, members in and out, delete. Team members share TEAM-scoped records.

import {fieldErrors} from '../forms.js';
import {adminFrame, announce, can, confirmDialog, errorBox, errorText, patch, scroller, userNames, userSearch} from './shared.js';

export async function renderTeams(page, ctx) {
    const {h, t, uid, api} = ctx;
    const content = adminFrame(page, ctx, 'teams');
    if (!content) {
        return;
    }
    const writable = can(ctx.me, 'teams:write');
    const status = h('p', {class: 'notice', role: 'status', hidden: true, 'data-testid': 'teams-notice'});
    const list = h('div', {'aria-live': 'polite'});
    const detail = h('div', {});
    const names = userNames(api);
    let openTeam = null;

    async function load() {
        list.replaceChildren(h('p', {class: 'muted'}, t('common.loading')));
        let teams;
        try {
            teams = (await api('/admin/teams')).data.items || [];
        } catch (error) {
            list.replaceChildren(errorBox(h, t, error));
            return;
        }
        if (teams.length === 0) {
            list.replaceChildren(h('p', {class: 'empty'}, t('admin.teams.none')));
        } else {
            list.replaceChildren(scroller(h, t('admin.teams.title'), h('table', {class: 'list', 'data-testid': 'teams'},
                h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, t('admin.teams.name')),
                    h('th', {scope: 'col'}, t('admin.teams.members')))),
                h('tbody', {}, teams.map((team) => h('tr', {'data-team': team.name},
                    h('th', {scope: 'row'}, h('button', {type: 'button', class: 'adm-link', 'data-testid': 'open-team',
                        'aria-expanded': String(openTeam === team.id), onClick: () => {
                            openTeam = team.id;
                            showTeam(team);
                        }}, team.name)),
                    h('td', {}, ctx.formatNumber(team.members.length))))))));
        }
        const current = teams.find((team) => team.id === openTeam);
        if (current) {
            showTeam(current);
        } else {
            detail.replaceChildren();
        }
    }

    async function change(team, body, message) {
        try {
            await patch(api, `/admin/teams/${encodeURIComponent(team.id)}`, team.version, body);
            announce(status, message);
        } catch (error) {
            announce(status, '');
            detail.prepend(errorBox(h, t, error));
            return false;
        }
        await load();
        return true;
    }

    async function showTeam(team) {
        const memberList = h('ul', {class: 'adm-members', 'data-testid': 'team-members'});
        const panel = h('section', {class: 'panel adm-team', 'data-testid': 'team-panel', 'aria-label': team.name},
            h('h3', {}, team.name), memberList);
        detail.replaceChildren(panel);
        const members = await Promise.all(team.members.map(names));
        memberList.replaceChildren(...(members.length === 0 ? [h('li', {class: 'muted'}, t('admin.teams.noMembers'))]
            : members.map((user, index) => h('li', {},
                user ? `${user.displayName} (${user.username})` : team.members[index],
                writable ? h('button', {type: 'button', class: 'adm-link', onClick: () => change(team,
                    {members: team.members.filter((id) => id !== team.members[index])},
                    t('admin.teams.memberRemoved'))}, t('admin.remove')) : null))));
        if (!writable) {
            return;
        }
        const adder = userSearch(ctx, {label: t('admin.teams.addMember'), testid: 'member-search',
            exclude: (user) => team.members.includes(user.id),
            onPick: (user) => change(team, {members: [...team.members, user.id]},
                t('admin.teams.memberAdded', {name: user.username}))});
        const renameId = uid('rename');
        const rename = h('input', {id: renameId, value: team.name, 'data-testid': 'team-rename'});
        const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
        const errors = fieldErrors(h, t, general);
        const renameForm = h('form', {class: 'search', novalidate: true, onSubmit: async (event) => {
            event.preventDefault();
            errors.clear();
            try {
                await patch(api, `/admin/teams/${encodeURIComponent(team.id)}`, team.version, {name: rename.value.trim()});
                announce(status, t('admin.teams.renamed'));
                await load();
            } catch (error) {
                errors.show(error);
            }
        }}, errors.field('name', h('label', {for: renameId}, t('admin.teams.rename')), rename), general,
        h('button', {type: 'submit', class: 'secondary'}, t('admin.save')));
        panel.append(adder.element, renameForm,
            h('button', {type: 'button', class: 'adm-danger', 'data-testid': 'delete-team', onClick: async () => {
                if (!await confirmDialog(ctx, t('admin.teams.deleteConfirm', {name: team.name}), t('admin.delete'))) {
                    return;
                }
                try {
                    await api(`/admin/teams/${encodeURIComponent(team.id)}`, {method: 'DELETE'});
                    openTeam = null;
                    announce(status, t('admin.teams.deleted', {name: team.name}));
                    await load();
                } catch (error) {
                    panel.prepend(h('p', {class: 'form-error', role: 'alert'}, errorText(t, error)));
                }
            }}, t('admin.teams.delete')));
    }

    const head = h('div', {class: 'page-head'}, h('h2', {}, t('admin.teams.title')));
    content.append(head, status);
    if (writable) {
        const nameId = uid('team');
        const name = h('input', {id: nameId, name: 'name', 'data-testid': 'team-name', autocomplete: 'off'});
        const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
        const errors = fieldErrors(h, t, general);
        content.append(h('form', {class: 'search', novalidate: true, 'data-testid': 'team-form', onSubmit: async (event) => {
            event.preventDefault();
            errors.clear();
            try {
                const {data} = await api('/admin/teams', {method: 'POST', body: {name: name.value.trim(), members: []}});
                openTeam = data.id;
                name.value = '';
                announce(status, t('admin.teams.created', {name: data.name}));
                await load();
            } catch (error) {
                errors.show(error.status === 409 && error.errors.length === 0
                    ? {errors: [{field: 'name', message: error.message}]} : error);
            }
        }}, errors.field('name', h('label', {for: nameId}, t('admin.teams.newName')), name), general,
        h('button', {type: 'submit', class: 'primary', 'data-testid': 'create-team'}, t('admin.teams.create'))));
    }
    content.append(h('div', {class: 'columns'}, list, detail));
    await load();
}
