// The search and filter form of a customer list. Applying it navigates, so the filters end up in the URL.

import {KINDS, STAGES, userPicker} from './shared.js';

/**
 * @param state   the list's state (filters from the URL)
 * @param onApply called with the new filters
 * @param options {pool: true} leaves out the owner filter (the pool page lists owner=none only)
 */
export function filterForm(ctx, state, onApply, options = {}) {
    const {h, t, uid} = ctx;
    const f = state.filters;
    const ids = {q: uid('q'), stage: uid('stage'), kind: uid('kind'), owner: uid('owner'), ownerUser: uid('owner-user'),
        tag: uid('tag'), industry: uid('industry'), from: uid('updated-from'), to: uid('updated-to')};
    const search = h('input', {id: ids.q, type: 'search', name: 'q', value: f.q || '', maxlength: '100',
        'data-testid': 'customer-search', placeholder: t('customers.searchPlaceholder')});
    const select = (id, name, values, labelOf, value) => h('select', {id, name, 'data-filter': name},
        h('option', {value: ''}, t('cust.any')),
        values.map((one) => h('option', {value: one, selected: one === value}, labelOf(one))));
    const stage = select(ids.stage, 'stage', STAGES, (one) => t(`stage.${one}`), f.stage);
    const kind = select(ids.kind, 'kind', KINDS, (one) => t(`kind.${one}`), f.kind);
    const ownerValue = f.owner || '';
    const ownerChoice = ['', 'me', 'none'].includes(ownerValue) ? ownerValue : 'user';
    const owner = h('select', {id: ids.owner, name: 'owner', 'data-filter': 'owner'},
        h('option', {value: ''}, t('cust.any')),
        h('option', {value: 'me', selected: ownerChoice === 'me'}, t('cust.ownerMe')),
        h('option', {value: 'none', selected: ownerChoice === 'none'}, t('cust.ownerPool')),
        h('option', {value: 'user', selected: ownerChoice === 'user'}, t('cust.ownerUser')));
    const picker = userPicker(ctx, ids.ownerUser, {name: 'ownerUser',
        value: ownerChoice === 'user' ? ownerValue : ''});
    const ownerUserField = h('div', {class: 'field', hidden: ownerChoice !== 'user'},
        h('label', {for: ids.ownerUser}, t('cust.ownerUserLabel')), picker.element);
    owner.addEventListener('change', () => {
        ownerUserField.hidden = owner.value !== 'user';
        if (!ownerUserField.hidden) {
            picker.input.focus();
        }
    });
    const tag = h('input', {id: ids.tag, name: 'tag', value: f.tag || '', maxlength: '40', 'data-filter': 'tag'});
    const industry = h('input', {id: ids.industry, name: 'industry', value: f.industry || '', maxlength: '40',
        'data-filter': 'industry'});
    const from = h('input', {id: ids.from, name: 'updatedFrom', type: 'date', value: f.updatedFrom || '',
        'data-filter': 'updatedFrom'});
    const to = h('input', {id: ids.to, name: 'updatedTo', type: 'date', value: f.updatedTo || '',
        'data-filter': 'updatedTo'});
    const field = (id, label, input) => h('div', {class: 'field'}, h('label', {for: id}, label), input);

    // filters the form has no field for (parent, custom fields) stay until removed
    const carried = Object.entries(f).filter(([name]) => name === 'parent' || name.startsWith('cf.'));
    const chips = h('ul', {class: 'cu-chips'});
    const kept = new Map(carried);
    carried.forEach(([name, value]) => {
        const chip = h('li', {class: 'cu-chip'}, name === 'parent' ? t('cust.filterParent') : name, ': ', value,
            h('button', {type: 'button', class: 'cu-chip-remove', 'aria-label': t('cust.removeFilter', {name}),
                onClick: () => {
                    kept.delete(name);
                    chip.remove();
                }}, '×'));
        chips.append(chip);
    });

    const active = Object.keys(f).filter((name) => name !== 'q').length;
    const panelId = uid('filters');
    const panel = h('div', {id: panelId, class: 'filter-grid', hidden: active === 0},
        field(ids.stage, t('customer.stage'), stage),
        field(ids.kind, t('customer.kind'), kind),
        options.pool ? null : field(ids.owner, t('cust.owner'), owner),
        options.pool ? null : ownerUserField,
        field(ids.tag, t('cust.tag'), tag),
        field(ids.industry, t('customer.industry'), industry),
        field(ids.from, t('cust.updatedFrom'), from),
        field(ids.to, t('cust.updatedTo'), to));
    const toggle = h('button', {type: 'button', class: 'secondary', 'aria-controls': panelId,
        'aria-expanded': String(active > 0), 'data-testid': 'filters-toggle', onClick: () => {
            panel.hidden = !panel.hidden;
            toggle.setAttribute('aria-expanded', String(!panel.hidden));
            if (!panel.hidden) {
                stage.focus();
            }
        }}, active > 0 ? t('cust.filtersActive', {count: active}) : t('cust.filters'));

    const form = h('form', {class: 'list-filters', role: 'search', 'data-testid': 'customer-filters'},
        h('div', {class: 'search'},
            h('label', {for: ids.q}, t('customers.search')), search,
            h('button', {type: 'submit', class: 'primary', 'data-testid': 'apply-filters'}, t('customers.searchButton')),
            toggle,
            active > 0 || f.q ? h('button', {type: 'button', class: 'secondary', 'data-testid': 'clear-filters',
                onClick: () => onApply({})}, t('cust.clearFilters')) : null),
        chips.children.length ? chips : null,
        panel);
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const filters = Object.fromEntries(kept);
        const put = (name, value) => {
            if (value && value.trim()) {
                filters[name] = value.trim();
            }
        };
        put('q', search.value);
        put('stage', stage.value);
        put('kind', kind.value);
        if (!options.pool) {
            put('owner', owner.value === 'user' ? await picker.resolve() : owner.value);
        }
        put('tag', tag.value);
        put('industry', industry.value);
        put('updatedFrom', from.value);
        put('updatedTo', to.value);
        onApply(filters);
    });
    return form;
}
