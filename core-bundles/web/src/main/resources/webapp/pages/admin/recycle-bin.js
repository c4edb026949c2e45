// The recycle bin: deleted records newest first, by record type; restore one, or purge it for good.

import {adminFrame, announce, can, confirmDialog, errorBox, pager, recordTypeLabel, recordTypeSelect, scroller} from './shared.js';

const PAGE_SIZE = 20;

export async function renderRecycleBin(page, ctx, params, query) {
    const {h, t, uid, navigate} = ctx;
    const content = adminFrame(page, ctx, 'recycle-bin');
    if (!content) {
        return;
    }
    const recordType = query.get('type') || '';
    const typeId = uid('type');
    const select = recordTypeSelect(ctx, {id: typeId, value: recordType, allLabel: t('admin.bin.allTypes'),
        testid: 'bin-record-type'});
    select.addEventListener('change', () => navigate(`/admin/recycle-bin${select.value
        ? `?${new URLSearchParams({type: select.value})}` : ''}`));
    const status = h('p', {class: 'notice', role: 'status', hidden: true, 'data-testid': 'bin-notice'});
    const results = h('div', {'aria-live': 'polite'});
    const paging = pager(ctx, (cursor) => load(cursor));
    content.append(h('h2', {}, t('admin.bin.title')), h('p', {class: 'muted adm-hint'}, t('admin.bin.intro')),
        h('div', {class: 'adm-filters'}, h('div', {class: 'field'}, h('label', {for: typeId}, t('admin.bin.recordType')), select)),
        status, results, paging.bar);

    async function act(call, message) {
        try {
            await call();
            announce(status, message);
        } catch (error) {
            announce(status, '');
            results.prepend(errorBox(h, t, error));
            return;
        }
        await paging.reload();
    }

    async function load(cursor) {
        results.replaceChildren(h('p', {class: 'muted'}, t('common.loading')));
        const params = new URLSearchParams({limit: String(PAGE_SIZE)});
        if (recordType) {
            params.set('recordType', recordType);
        }
        if (cursor) {
            params.set('cursor', cursor);
        }
        let data;
        try {
            ({data} = await ctx.api(`/recycle-bin?${params}`));
        } catch (error) {
            results.replaceChildren(errorBox(h, t, error));
            return null;
        }
        const entries = data.items || [];
        if (entries.length === 0) {
            results.replaceChildren(h('p', {class: 'empty', 'data-testid': 'bin-empty'}, t('admin.bin.empty')));
            return null;
        }
        const restorable = can(ctx.me, 'recycle-bin:restore');
        const purgeable = can(ctx.me, 'recycle-bin:purge');
        results.replaceChildren(scroller(h, t('admin.bin.title'), h('table', {class: 'list', 'data-testid': 'bin'},
            h('thead', {}, h('tr', {},
                h('th', {scope: 'col'}, t('admin.bin.record')),
                h('th', {scope: 'col'}, t('admin.bin.recordType')),
                h('th', {scope: 'col'}, t('admin.bin.deletedAt')),
                h('th', {scope: 'col'}, t('admin.bin.deletedBy')),
                h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, t('admin.actions'))))),
            h('tbody', {}, entries.map((entry) => h('tr', {'data-record-id': entry.recordId},
                h('th', {scope: 'row'}, entry.label || entry.recordId),
                h('td', {}, recordTypeLabel(t, entry.recordType)),
                h('td', {}, ctx.formatDateTime(entry.deletedAt)),
                h('td', {}, entry.deletedBy || ''),
                h('td', {class: 'adm-row-actions'},
                    restorable ? h('button', {type: 'button', class: 'adm-link', 'data-testid': 'restore', onClick: () =>
                        act(() => ctx.api(`/recycle-bin/${encodeURIComponent(entry.id)}/restore`, {method: 'POST'}),
                            t('admin.bin.restored', {label: entry.label || entry.recordId}))}, t('admin.bin.restore')) : null,
                    h('a', {href: `#/admin/audit?${new URLSearchParams({recordType: entry.recordType, recordId: entry.recordId})}`,
                        'data-testid': 'history'}, t('admin.bin.history')),
                    purgeable ? h('button', {type: 'button', class: 'adm-link adm-danger', 'data-testid': 'purge', onClick: async () => {
                        if (await confirmDialog(ctx, t('admin.bin.purgeConfirm', {label: entry.label || entry.recordId}),
                            t('admin.bin.purge'))) {
                            await act(() => ctx.api(`/recycle-bin/${encodeURIComponent(entry.id)}`, {method: 'DELETE'}),
                                t('admin.bin.purged', {label: entry.label || entry.recordId}));
                        }
                    }}, t('admin.bin.purge')) : null)))))));
        return data.nextCursor;
    }
    await paging.first();
}
