// The convert wizard: 1 customer (new from the lead, or an existing one), 2 contact (new or existing),
// 3 an optional follow-up task and the summary; then one POST /leads/{id}/convert. The server converts in one
// transaction, so a refusal (a duplicate, a bad field) changes nothing and is shown at its step and field.

import {leadName, errorText} from './common.js';
import {customerStep, contactStep, followUpStep} from './convert-steps.js';

export async function renderConvert(page, ctx, id) {
    const {h, t, api} = ctx;
    const back = h('p', {}, h('a', {href: `#/leads/${encodeURIComponent(id)}`, class: 'back'}, t('leads.convert.back')));
    page.append(back);
    let lead;
    try {
        ({data: lead} = await api(`/leads/${encodeURIComponent(id)}`));
    } catch (error) {
        page.append(h('h1', {}, t('leads.convert.title')), errorText(ctx, error));
        return;
    }
    page.append(h('h1', {}, t('leads.convert.heading', {name: leadName(lead)})));
    if (!['NEW', 'WORKING', 'QUALIFIED'].includes(lead.status)) {
        page.append(h('p', {role: 'alert', class: 'form-error'}, t('leads.convert.notOpen')));
        return;
    }

    const state = {customerMode: 'new', customer: null, contactMode: 'new', contact: null, allowDuplicate: false,
        task: false};
    const steps = [customerStep(ctx, lead, state), contactStep(ctx, lead, state)];
    steps.push(followUpStep(ctx, lead, state, () => [steps[0].summary(), steps[1].summary()]));
    const labels = ['leads.convert.step.customer', 'leads.convert.step.contact', 'leads.convert.step.confirm'];
    let current = 0;

    const indicator = h('ol', {class: 'wizard-steps', 'aria-label': t('leads.convert.progress')});
    const backButton = h('button', {type: 'button', class: 'secondary', 'data-testid': 'wizard-back',
        onClick: () => go(current - 1)}, t('leads.convert.previous'));
    const nextButton = h('button', {type: 'submit', class: 'primary', 'data-testid': 'wizard-next'});
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true, tabindex: '-1',
        'data-testid': 'convert-error'});
    const form = h('form', {class: 'wizard', novalidate: true, 'data-testid': 'convert-wizard'},
        steps.map((step) => step.element), general, h('div', {class: 'actions'}, backButton, nextButton));
    const result = h('div', {});
    page.append(indicator, form, result);

    function go(index) {
        current = Math.max(0, Math.min(steps.length - 1, index));
        steps.forEach((step, i) => {
            step.element.hidden = i !== current;
        });
        indicator.replaceChildren(...labels.map((label, i) => h('li', {'aria-current': i === current ? 'step' : null,
            class: i < current ? 'done' : null}, t(label))));
        backButton.hidden = current === 0;
        nextButton.textContent = current === steps.length - 1 ? t('leads.convert.submit') : t('leads.convert.next');
        steps[current].enter?.();
        steps[current].focus();
    }

    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        general.hidden = true;
        steps.forEach((step) => step.errors.clear());
        if (!steps[current].validate()) {
            return;
        }
        if (current < steps.length - 1) {
            go(current + 1);
            return;
        }
        nextButton.disabled = true;
        try {
            await submit();
        } finally {
            nextButton.disabled = false;
        }
    });

    async function submit() {
        const request = {...steps[0].request(), ...steps[1].request()};
        if (state.allowDuplicate) {
            request.allowDuplicate = true;
        }
        let converted;
        try {
            ({data: converted} = await api(`/leads/${encodeURIComponent(lead.id)}/convert`, {method: 'POST', body: request}));
        } catch (error) {
            showError(error);
            return;
        }
        let taskProblem = null;
        const task = steps[2].task();
        if (task) {
            try {
                await api('/activities', {method: 'POST', body: {type: 'TASK', status: 'OPEN', subject: task.subject,
                    dueLocal: task.dueLocal, links: [{recordType: 'customer', recordId: converted.customer.id}]}});
            } catch (error) {
                taskProblem = error;
            }
        }
        form.remove();
        indicator.remove();
        result.append(done(ctx, converted, taskProblem));
        result.querySelector('a').focus();
    }

    /** A refusal goes to the step whose field it names, duplicates to the step that would have made them. */
    function showError(error) {
        const problem = error.problem || {};
        const type = String(problem.type || '');
        if (error.status === 409 && type.endsWith('/duplicate')) {
            const contactDuplicate = (problem.candidates || []).some((candidate) => candidate.customerId);
            const target = contactDuplicate ? 1 : 0;
            go(target);
            steps[target].showDuplicates(problem);
            return;
        }
        const fieldsOf = (step) => (error.errors || []).filter((problemField) => step.fieldNames
            .includes(String(problemField.field).split(/[.[]/)[0]));
        const target = steps.findIndex((step) => fieldsOf(step).length > 0);
        if (target >= 0) {
            go(target);
            steps[target].errors.show({errors: fieldsOf(steps[target]), message: error.message});
            return;
        }
        general.textContent = t('error.generic', {detail: error.message});
        general.hidden = false;
        general.focus();
    }

    go(0);
}

function done(ctx, converted, taskProblem) {
    const {h, t} = ctx;
    const customer = converted.customer;
    return h('section', {class: 'panel convert-done', 'data-testid': 'convert-done', 'aria-labelledby': 'convert-done-h'},
        h('h2', {id: 'convert-done-h'}, t('leads.convert.done')),
        h('p', {}, h('a', {href: `#/customers/${encodeURIComponent(customer.id)}`, class: 'button-link primary',
            'data-testid': 'converted-customer-link'}, t('leads.convert.openCustomer', {name: customer.name}))),
        converted.contact ? h('p', {}, t('leads.convert.contactMade', {name: converted.contact.displayName
            || [converted.contact.firstName, converted.contact.lastName].filter(Boolean).join(' ')})) : null,
        (converted.records || []).length > 0 ? h('ul', {}, converted.records.map((record) => h('li', {},
            record.label || record.recordType))) : null,
        taskProblem ? h('p', {class: 'form-error', role: 'alert'}, t('leads.convert.taskFailed',
            {detail: taskProblem.message})) : null);
}
