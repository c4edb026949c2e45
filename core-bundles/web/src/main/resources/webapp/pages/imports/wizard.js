// The import wizard: 1 the file, 2 its columns, 3 a dry run's report, 4 the real run with its progress and result.
// The import's id is in the address (#/import/<id>), so leaving and coming back finds a running job again; the
// polling stops when the page is left.

import {uploadStep} from './upload.js';
import {mappingStep} from './mapping.js';
import {counts, issues} from './report.js';
import {listRoute} from './fields.js';
import {fill} from '../leads/common.js';

const POLL_MS = 1000;
const STEPS = ['imports.step.file', 'imports.step.columns', 'imports.step.dryRun', 'imports.step.run'];

export async function renderImport(page, ctx, id) {
    const {h, t, api, navigate} = ctx;
    let timer = null;
    let left = false;
    const indicator = h('ol', {class: 'wizard-steps', 'aria-label': t('imports.progressLabel')});
    const body = h('div', {class: 'import-body'});
    page.append(h('div', {class: 'page-head'}, h('h1', {}, t('imports.title')),
        id ? h('a', {href: '#/import', class: 'button-link', 'data-testid': 'import-new'}, t('imports.another')) : null),
    indicator, body);

    function step(index) {
        indicator.replaceChildren(...STEPS.map((label, i) => h('li', {'aria-current': i === index ? 'step' : null,
            class: i < index ? 'done' : null}, t(label))));
    }

    function failed(error) {
        body.replaceChildren(h('p', {class: 'form-error', role: 'alert'}, t('error.generic', {detail: error.message})));
    }

    if (!id) {
        step(0);
        body.append(uploadStep(ctx, (view) => navigate(`/import/${encodeURIComponent(view.id)}`)));
        body.querySelector('select').focus();
        return undefined;
    }

    async function load() {
        return (await api(`/imports/${encodeURIComponent(id)}`)).data;
    }

    async function start(request) {
        await api(`/imports/${encodeURIComponent(id)}/start`, {method: 'POST', body: request});
        show(await load());
    }

    async function showMapping(view) {
        step(1);
        body.replaceChildren(h('p', {class: 'muted'}, t('common.loading')));
        const form = await mappingStep(ctx, view, start);
        if (!left) {
            body.replaceChildren(h('h2', {}, t('imports.mapping.title')), form);
            form.querySelector('select')?.focus();
        }
    }

    function show(view) {
        if (left) {
            return;
        }
        clearTimeout(timer);
        if (view.status === 'RUNNING') {
            running(view);
        } else if (view.status === 'UPLOADED' && view.dryRun !== true) {
            showMapping(view);
        } else if (view.status === 'UPLOADED') {
            dryReport(view);
        } else {
            finished(view);
        }
    }

    function progressBar(view) {
        const job = view.job || {};
        const done = view.status === 'IMPORTED' || (view.status === 'UPLOADED' && view.dryRun === true);
        const percent = done ? 100 : job.percent;
        const bar = h('progress', {max: '100', 'data-testid': 'import-progress', 'aria-label': t('imports.progress')});
        if (percent >= 0) {
            bar.value = percent;
            bar.setAttribute('aria-valuenow', String(percent));
        }
        const processed = done ? (view.counts || {}).processed : job.processed;
        const total = done ? processed : job.total;
        const text = total >= 0 && total !== undefined
            ? t('imports.processedOf', {processed: ctx.formatNumber(processed || 0), total: ctx.formatNumber(total)})
            : t('imports.starting');
        return h('div', {class: 'import-progress'}, bar,
            h('span', {'data-testid': 'import-percent'}, percent >= 0 ? `${percent} %` : ''),
            h('span', {class: 'muted'}, text));
    }

    function running(view) {
        step(view.dryRun ? 2 : 3);
        const cancel = view.jobId ? h('button', {type: 'button', class: 'secondary', 'data-testid': 'import-cancel',
            onClick: async () => {
                cancel.disabled = true;
                try {
                    await api(`/jobs/${encodeURIComponent(view.jobId)}/cancel`, {method: 'POST'});
                } catch (error) {
                    // 409: it ended meanwhile; the next poll shows how
                    if (error.status !== 409) {
                        cancel.after(h('p', {class: 'form-error', role: 'alert'}, t('error.generic', {detail: error.message})));
                    }
                }
            }}, t('imports.cancel')) : null;
        fill(body,
            h('h2', {}, view.dryRun ? t('imports.dryRunning') : t('imports.running')),
            h('div', {'aria-live': 'polite'}, progressBar(view), view.job && view.job.message
                ? h('p', {class: 'muted'}, view.job.message) : null),
            counts(ctx, view), cancel);
        timer = setTimeout(async () => {
            try {
                show(await load());
            } catch (error) {
                if (!left) {
                    failed(error);
                }
            }
        }, POLL_MS);
    }

    function dryReport(view) {
        step(2);
        const runButton = h('button', {type: 'button', class: 'primary', 'data-testid': 'import-run-real', onClick: async () => {
            runButton.disabled = true;
            try {
                await start({mapping: view.mapping, dryRun: false, duplicates: (view.duplicates || 'skip').toLowerCase()});
            } catch (error) {
                runButton.disabled = false;
                runButton.after(h('p', {class: 'form-error', role: 'alert'}, t('error.generic', {detail: error.message})));
            }
        }}, t('imports.runNow'));
        fill(body,
            h('section', {class: 'panel', 'aria-labelledby': 'dry-h', 'data-testid': 'dry-run-report'},
                h('h2', {id: 'dry-h'}, t('imports.dryReport')),
                h('p', {class: 'muted'}, t('imports.dryExplained')),
                counts(ctx, view)),
            issues(ctx, view),
            h('div', {class: 'actions'}, runButton,
                h('button', {type: 'button', class: 'secondary', 'data-testid': 'import-remap',
                    onClick: () => showMapping(view)}, t('imports.changeColumns'))));
        runButton.focus();
    }

    function finished(view) {
        step(3);
        const ok = view.status === 'IMPORTED';
        fill(body,
            h('section', {class: 'panel', 'aria-labelledby': 'result-h', 'data-testid': 'import-result',
                'data-status': view.status},
            h('h2', {id: 'result-h'}, t(`imports.status.${view.status}`)),
            progressBar(view),
            view.message ? h('p', {class: ok ? 'notice' : 'form-error', role: 'status', 'data-testid': 'import-message'},
                view.message) : null,
            counts(ctx, view),
            h('p', {}, h('a', {href: `#${listRoute(view.recordType)}`, 'data-testid': 'import-list-link'},
                t(`imports.openList.${view.recordType}`)))),
            issues(ctx, view));
    }

    try {
        show(await load());
    } catch (error) {
        failed(error);
    }
    return () => {
        left = true;
        clearTimeout(timer);
    };
}
