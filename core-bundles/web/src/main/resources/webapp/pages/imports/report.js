// What a run did (or, dry, would do): the counts, the first rejected or skipped rows, and the whole list as a
// CSV file built in the browser from the paged error list.

import {fill} from '../leads/common.js';

const FIRST_ROWS = 20;
const DOWNLOAD_PAGE = 200;

export function counts(ctx, view) {
    const {h, t, formatNumber} = ctx;
    const c = view.counts || {};
    const dry = view.dryRun === true;
    const items = [['created', c.created], ['updated', c.updated], ['skipped', c.skipped], ['failed', c.failed]];
    return h('dl', {class: 'import-counts', 'data-testid': 'import-counts'},
        h('div', {}, h('dt', {}, t('imports.count.processed')), h('dd', {'data-count': 'processed'}, formatNumber(c.processed || 0))),
        items.map(([name, value]) => h('div', {class: `count-${name}`},
            h('dt', {}, dry ? t(`imports.count.dry.${name}`) : t(`imports.count.real.${name}`)),
            h('dd', {'data-count': name}, formatNumber(value || 0)))));
}

/** The first rejected or skipped rows, with the line of the file and the reason. */
export function issues(ctx, view) {
    const {h, t, api, formatNumber} = ctx;
    const box = h('section', {class: 'panel', 'aria-labelledby': 'issues-h', 'data-testid': 'import-issues'},
        h('h2', {id: 'issues-h'}, t('imports.issues.title')), h('p', {class: 'muted'}, t('common.loading')));
    const c = view.counts || {};
    if (!c.failed && !c.skipped) {
        box.replaceChildren(h('h2', {id: 'issues-h'}, t('imports.issues.title')),
            h('p', {class: 'muted', 'data-testid': 'no-issues'}, t('imports.issues.none')));
        return box;
    }
    api(`/imports/${encodeURIComponent(view.id)}/errors?limit=${FIRST_ROWS}`).then(({data}) => {
        const items = data.items || [];
        fill(box, h('h2', {id: 'issues-h'}, t('imports.issues.title')),
            h('div', {class: 'table-scroll'}, h('table', {class: 'list', 'data-testid': 'issue-rows'},
                h('caption', {class: 'visually-hidden'}, t('imports.issues.title')),
                h('thead', {}, h('tr', {},
                    h('th', {scope: 'col'}, t('imports.issues.row')),
                    h('th', {scope: 'col'}, t('imports.issues.kind')),
                    h('th', {scope: 'col'}, t('imports.issues.field')),
                    h('th', {scope: 'col'}, t('imports.issues.message')))),
                h('tbody', {}, items.map((issue) => h('tr', {'data-testid': 'issue-row', 'data-row': String(issue.row)},
                    h('td', {}, formatNumber(issue.row)),
                    h('td', {}, issue.kind === 'skipped' ? t('imports.issues.skipped') : t('imports.issues.error')),
                    h('td', {}, issue.field || ''),
                    h('td', {}, issue.message || '')))))),
            data.nextCursor ? h('p', {class: 'muted'}, t('imports.issues.more', {count: FIRST_ROWS})) : null,
            view.errorsNotStored ? h('p', {class: 'muted'}, t('imports.issues.notStored',
                {count: formatNumber(view.errorsNotStored)})) : null,
            downloadButton(ctx, view));
    }).catch((error) => {
        box.replaceChildren(h('h2', {id: 'issues-h'}, t('imports.issues.title')),
            h('p', {class: 'form-error', role: 'alert'}, t('error.generic', {detail: error.message})));
    });
    return box;
}

function csvCell(value) {
    const text = value === null || value === undefined ? '' : String(value);
    // a spreadsheet must not run a reason as a formula
    const safe = /^[=@+\-]/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function downloadButton(ctx, view) {
    const {h, t, api} = ctx;
    const problem = h('span', {class: 'form-error', role: 'alert'});
    const button = h('button', {type: 'button', class: 'secondary', 'data-testid': 'download-issues', onClick: async () => {
        button.disabled = true;
        problem.textContent = '';
        try {
            const lines = [['row', 'kind', 'field', 'message'].join(',')];
            let cursor = null;
            do {
                const params = new URLSearchParams({limit: String(DOWNLOAD_PAGE)});
                if (cursor) {
                    params.set('cursor', cursor);
                }
                const {data} = await api(`/imports/${encodeURIComponent(view.id)}/errors?${params}`);
                for (const issue of data.items || []) {
                    lines.push([issue.row, issue.kind, issue.field, issue.message].map(csvCell).join(','));
                }
                cursor = data.nextCursor;
            } while (cursor);
            // a byte-order mark, so that Excel reads the Chinese reasons as UTF-8
            const blob = new Blob(['\uFEFF', lines.join('\r\n'), '\r\n'], {type: 'text/csv;charset=utf-8'});
            const link = document.createElement('a');
            link.href = URL.createObjectURL(blob);
            link.download = `import-${view.id.slice(0, 8)}-rows.csv`;
            document.body.append(link);
            link.click();
            link.remove();
            setTimeout(() => URL.revokeObjectURL(link.href), 10000);
        } catch (error) {
            problem.textContent = t('error.generic', {detail: error.message});
        } finally {
            button.disabled = false;
        }
    }}, t('imports.issues.download'));
    return h('p', {}, button, ' ', problem);
}
