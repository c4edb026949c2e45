// Building DOM without HTML strings: every text goes in as a text node, so user content can never become markup.

const SAFE_URL = /^(https?:|mailto:|tel:|#|\/(?!\/))/i;

/**
 * h('a', {href: '#/customers', class: 'x', onClick: fn}, 'text', child, [more]) → an element.
 * Attributes are set with setAttribute; href/src must be http(s), mailto, tel, '#…' or a same-origin path.
 */
export function h(tag, attrs, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
        if (value === null || value === undefined || value === false) {
            continue;
        }
        if (name.startsWith('on') && typeof value === 'function') {
            element.addEventListener(name.slice(2).toLowerCase(), value);
        } else if (name === 'class') {
            element.className = value;
        } else if (name === 'text') {
            element.textContent = String(value);
        } else if (name === 'value' && 'value' in element) {
            element.value = String(value);
        } else if (name === 'href' || name === 'src' || name === 'action') {
            const url = String(value).trim();
            if (SAFE_URL.test(url)) {
                element.setAttribute(name, url);
            }
        } else {
            element.setAttribute(name, value === true ? '' : String(value));
        }
    }
    append(element, children);
    return element;
}

/** Appends children: nodes as they are, everything else as text. */
export function append(element, children) {
    for (const child of [children].flat(Infinity)) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
}

let ids = 0;

/** A document-unique id for label/aria wiring. */
export function uid(prefix = 'r') {
    ids += 1;
    return `${prefix}-${ids}`;
}
