// Field errors from a problem+json answer ({errors: [{field, message}]}), shown next to their fields.

/**
 * fieldErrors(h, t, general) → {field(name, label, input, aliases), show(error), clear()}.
 * field() wraps a label and input with a slot for its message; show() fills the slots from the problem's
 * errors (aliases map server field names onto a form field) and puts everything else into `general`.
 */
export function fieldErrors(h, t, general) {
    const slots = new Map();
    general.setAttribute('tabindex', '-1');

    function field(name, label, input, aliases = []) {
        const message = h('p', {class: 'field-error', id: `${input.id}-error`, hidden: true,
            'data-error-for': name});
        const slot = {input, message};
        slots.set(name, slot);
        aliases.forEach((alias) => slots.set(alias, slot));
        return h('div', {class: 'field'}, label, input, message);
    }

    function clear() {
        general.hidden = true;
        general.textContent = '';
        for (const {input, message} of slots.values()) {
            input.removeAttribute('aria-invalid');
            input.removeAttribute('aria-describedby');
            message.hidden = true;
            message.textContent = '';
        }
    }

    function show(error) {
        const fieldProblems = error && Array.isArray(error.errors) ? error.errors : [];
        const rest = [];
        let first = null;
        for (const problem of fieldProblems) {
            const slot = slots.get(problem.field) || slots.get(String(problem.field).split(/[.[]/)[0]);
            if (!slot) {
                rest.push(`${problem.field}: ${problem.message}`);
                continue;
            }
            slot.message.textContent = slot.message.textContent ? `${slot.message.textContent}; ${problem.message}`
                : problem.message;
            slot.message.hidden = false;
            slot.input.setAttribute('aria-invalid', 'true');
            slot.input.setAttribute('aria-describedby', slot.message.id);
            first = first || slot.input;
        }
        if (rest.length > 0 || fieldProblems.length === 0) {
            general.textContent = rest.length > 0 ? rest.join('; ')
                : t('error.generic', {detail: error && error.message ? error.message : ''});
            general.hidden = false;
        }
        (first || general).focus?.();
    }

    return {field, show, clear};
}
