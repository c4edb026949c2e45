// Lead assignment rules: the list in the order they are tried, moving a rule up or down, enabling and disabling,
// deleting, and a form for a new rule (a team or a list of users, by source and region, with a cap).

import {fieldErrors} from '../forms.js';
import {can, ownerName, errorText} from './common.js';
import {leadSources} from './form.js';
import {userPicker} from './assign.js';

const ruleTag = (rule) => `"${rule.version}"`;

export async function renderRules(page, ctx) {
    const {h, t, me} = ctx;
    page.append(h('p', {}, h('a', {href: '#/leads', class: 'back'}, t('leads.back'))),
        h('h1', {}, t('leads.rules.title')),
        h('p', {class: 'muted'}, t('leads.rules.intro')));
    if (!can(me, 'leads:assign')) {
        page.append(h('p', {role: 'alert', class: 'form-error'}, t('leads.rules.forbidden')));
        return;
    }
    const list = h('div', {'aria-live': 'polite'});
    const status = h('p', {role: 'status', class: 'muted'});
    const createArea = h('div', {});
    const newButton = h('button', {type: 'button', class: 'secondary', 'aria-expanded': 'false', 'data-testid': 'new-rule',
        onClick: () => {
            const open = newButton.getAttribute('aria-expanded') !== 'true';
            newButton.setAttribute('aria-expanded', String(open));
            createArea.replaceChildren(open ? ruleForm(ctx, rules.length ? rules[rules.length - 1].position + 1 : 1,
                async () => {
                    newButton.setAttribute('aria-expanded', 'false');
                    createArea.replaceChildren();
                    await load();
                }) : '');
            createArea.querySelector('input')?.focus();
        }}, t('leads.rules.new'));
    page.append(h('div', {class: 'actions'}, newButton), createArea, status, list);
    let rules = [];

    async function load() {
        list.replaceChildren(h('p', {class: 'muted'}, t('common.loading')));
        try {
            const {data} = await ctx.api('/lead-assignment-rules');
            rules = data.items || [];
        } catch (error) {
            list.replaceChildren(errorText(ctx, error));
            return;
        }
        list.replaceChildren(rules.length === 0 ? h('p', {class: 'empty'}, t('leads.rules.none')) : table());
    }

    async function patch(rule, body) {
        return ctx.api(`/lead-assignment-rules/${encodeURIComponent(rule.id)}`, {method: 'PATCH', body,
            headers: {'Content-Type': 'application/merge-patch+json', 'If-Match': ruleTag(rule)}});
    }

    async function run(action, message) {
        status.className = 'muted';
        try {
            await action();
            status.textContent = message;
        } catch (error) {
            status.className = 'form-error';
            status.textContent = t('error.generic', {detail: error.message});
        }
        await load();
    }

    // positions are renumbered 1..n in the new order; only rules whose position changes are written
    function move(index, by) {
        const order = [...rules];
        const [rule] = order.splice(index, 1);
        order.splice(index + by, 0, rule);
        return run(async () => {
            for (const [i, each] of order.entries()) {
                if (each.position !== i + 1) {
                    await patch(each, {position: i + 1});
                }
            }
        }, t('leads.rules.moved', {name: rule.name}));
    }

    function table() {
        return h('div', {class: 'table-scroll'}, h('table', {class: 'list', 'data-testid': 'lead-rules'},
            h('caption', {class: 'visually-hidden'}, t('leads.rules.title')),
            h('thead', {}, h('tr', {},
                h('th', {scope: 'col'}, t('leads.rules.position')),
                h('th', {scope: 'col'}, t('leads.rules.name')),
                h('th', {scope: 'col'}, t('leads.rules.matches')),
                h('th', {scope: 'col', class: 'wide'}, t('leads.rules.target')),
                h('th', {scope: 'col', class: 'wide'}, t('leads.rules.cap')),
                h('th', {scope: 'col'}, t('leads.field.actions')))),
            h('tbody', {}, rules.map((rule, index) => {
                const target = h('td', {class: 'wide'});
                describeTarget(ctx, rule).then((text) => target.append(text));
                return h('tr', {'data-rule-id': rule.id, class: rule.active ? null : 'inactive'},
                    h('td', {}, String(index + 1)),
                    h('th', {scope: 'row'}, rule.name, rule.active ? null
                        : h('span', {class: 'badge'}, t('leads.rules.disabled'))),
                    h('td', {}, [rule.source ? t('leads.rules.bySource', {source: rule.source}) : null,
                        rule.region ? t('leads.rules.byRegion', {region: rule.region}) : null].filter(Boolean).join(', ')
                        || t('leads.rules.everyLead')),
                    target,
                    h('td', {class: 'wide'}, rule.maxOpenPerUser ? ctx.formatNumber(rule.maxOpenPerUser) : t('leads.rules.noCap')),
                    h('td', {class: 'row-actions'},
                        h('button', {type: 'button', class: 'secondary small', disabled: index === 0,
                            'aria-label': t('leads.rules.upNamed', {name: rule.name}), onClick: () => move(index, -1)}, '↑'),
                        h('button', {type: 'button', class: 'secondary small', disabled: index === rules.length - 1,
                            'aria-label': t('leads.rules.downNamed', {name: rule.name}), onClick: () => move(index, 1)}, '↓'),
                        h('button', {type: 'button', class: 'secondary small', 'data-testid': 'toggle-rule',
                            onClick: () => run(() => patch(rule, {active: !rule.active}),
                                rule.active ? t('leads.rules.wasDisabled', {name: rule.name})
                                    : t('leads.rules.wasEnabled', {name: rule.name}))},
                        rule.active ? t('leads.rules.disable') : t('leads.rules.enable')),
                        h('button', {type: 'button', class: 'secondary small danger', 'data-testid': 'delete-rule',
                            onClick: () => {
                                if (window.confirm(t('leads.rules.confirmDelete', {name: rule.name}))) {
                                    run(() => ctx.api(`/lead-assignment-rules/${encodeURIComponent(rule.id)}`,
                                        {method: 'DELETE'}), t('leads.rules.deleted', {name: rule.name}));
                                }
                            }}, t('leads.rules.delete'))));
            }))));
    }

    await load();
}

let teamsPromise = null;

function teams(ctx) {
    if (!teamsPromise) {
        teamsPromise = can(ctx.me, 'teams:read') ? ctx.api('/admin/teams').then(({data}) => data.items || [])
            .catch(() => []) : Promise.resolve([]);
    }
    return teamsPromise;
}

async function describeTarget(ctx, rule) {
    const {t} = ctx;
    if (rule.teamId) {
        const team = (await teams(ctx)).find((each) => each.id === rule.teamId);
        return t('leads.rules.toTeam', {team: team ? team.name : rule.teamId.slice(0, 8)});
    }
    const names = await Promise.all(rule.userIds.map((id) => ownerName(ctx, id)));
    return t('leads.rules.toUsers', {users: names.join(', ')});
}

function ruleForm(ctx, position, onSaved) {
    const {h, t, uid, api} = ctx;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const errors = fieldErrors(h, t, general);
    const ids = {name: uid('rule-name'), position: uid('rule-position'), source: uid('rule-source'),
        region: uid('rule-region'), team: uid('rule-team'), cap: uid('rule-cap'), target: uid('rule-target')};
    const name = h('input', {id: ids.name, name: 'name', maxlength: '100', 'data-testid': 'rule-name'});
    const positionInput = h('input', {id: ids.position, name: 'position', type: 'number', min: '0', value: String(position)});
    const source = h('select', {id: ids.source, name: 'source'}, h('option', {value: ''}, t('leads.rules.anySource')));
    leadSources(ctx).then((sources) => source.append(...sources.map((option) =>
        h('option', {value: option.key}, option.label))));
    const region = h('input', {id: ids.region, name: 'region', maxlength: '100'});
    const cap = h('input', {id: ids.cap, name: 'maxOpenPerUser', type: 'number', min: '0', value: '0'});
    const team = h('select', {id: ids.team, name: 'teamId'}, h('option', {value: ''}, t('leads.rules.noTeam')));
    teams(ctx).then((list) => team.append(...list.map((each) => h('option', {value: each.id}, each.name))));
    const users = [];
    const chosen = h('ul', {class: 'chips', id: ids.target, 'aria-live': 'polite', 'data-testid': 'rule-users'});
    const drawUsers = () => chosen.replaceChildren(...users.map((user, index) => h('li', {}, user.label,
        h('button', {type: 'button', class: 'secondary small', 'aria-label': t('leads.rules.removeUser', {name: user.label}),
            onClick: () => {
                users.splice(index, 1);
                drawUsers();
            }}, '×'))));
    const picker = userPicker(ctx, {label: t('leads.rules.addUser'), autofocus: false, onPick: async (user) => {
        if (!users.some((each) => each.id === user.id)) {
            users.push(user);
            drawUsers();
        }
    }});
    const form = h('form', {class: 'card-form', novalidate: true, 'data-testid': 'rule-form'},
        errors.field('name', h('label', {for: ids.name}, t('leads.rules.name')), name),
        h('div', {class: 'form-grid'},
            errors.field('position', h('label', {for: ids.position}, t('leads.rules.position')), positionInput),
            errors.field('source', h('label', {for: ids.source}, t('leads.field.source')), source),
            errors.field('region', h('label', {for: ids.region}, t('leads.field.address.region')), region),
            errors.field('maxOpenPerUser', h('label', {for: ids.cap}, t('leads.rules.capLabel')), cap)),
        errors.field('teamId', h('label', {for: ids.team}, t('leads.rules.team')), team),
        errors.field('userIds', h('span', {class: 'label', id: `${ids.target}-label`}, t('leads.rules.orUsers')), chosen),
        picker, general,
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, t('leads.rules.create'))));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        const body = {name: name.value.trim(), position: Number(positionInput.value || 0), source: source.value || null,
            region: region.value.trim() || null, maxOpenPerUser: Number(cap.value || 0)};
        if (team.value) {
            body.teamId = team.value;
        }
        if (users.length > 0) {
            body.userIds = users.map((user) => user.id);
        }
        try {
            await api('/lead-assignment-rules', {method: 'POST', body});
            await onSaved();
        } catch (error) {
            errors.show(error);
        }
    });
    return form;
}
