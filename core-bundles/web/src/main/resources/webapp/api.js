// The REST client: JSON over /api/v1 with the session cookie; the CSRF token lives in this module's memory only.

let csrfToken = null;
let sessionLost = () => {};
let licenseWarning = () => {};

export class ApiError extends Error {
    constructor(status, problem) {
        super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
        this.status = status;
        this.problem = problem && typeof problem === 'object' ? problem : {};
    }

    /** The problem's field errors: [{field, message}]. */
    get errors() {
        return Array.isArray(this.problem.errors) ? this.problem.errors : [];
    }
}

export function setCsrfToken(token) {
    csrfToken = token || null;
}

export function hasCsrfToken() {
    return csrfToken !== null;
}

/** Called with the reason ('expired' or 'csrf') when the server no longer accepts the session. */
export function onSessionLost(listener) {
    sessionLost = listener;
}

/**
 * Called after every answer with the server's license warning (the text of its `Warning: 299 relata "…"` header
 * while the license is expiring or in its grace period), or null when there is none.
 */
export function onLicenseWarning(listener) {
    licenseWarning = listener;
}

/** The quoted text of a `299 relata "…"` warning, or null. */
export function licenseWarningOf(header) {
    const match = /^299 relata "(.*)"$/.exec(header || '');
    return match ? match[1] : null;
}

/**
 * api('/customers?q=x') → {data, etag, status}; throws ApiError for every non-2xx answer.
 * options: method, body (sent as JSON), headers, anonymous (a 401 is the caller's business, e.g. the sign-in).
 */
export async function api(path, options = {}) {
    const method = (options.method || 'GET').toUpperCase();
    const headers = {Accept: 'application/json', ...(options.headers || {})};
    if (options.body !== undefined && !headers['Content-Type']) {
        headers['Content-Type'] = 'application/json';
    }
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && csrfToken) {
        headers['X-CSRF-Token'] = csrfToken;
    }
    const response = await fetch(`/api/v1${path}`, {
        method,
        headers,
        body: options.body === undefined || options.body instanceof Blob ? options.body : JSON.stringify(options.body),
        credentials: 'same-origin',
        cache: 'no-store',
    });
    licenseWarning(licenseWarningOf(response.headers.get('Warning')));
    const type = response.headers.get('Content-Type') || '';
    let data = null;
    if (response.status !== 204) {
        data = type.includes('json') ? await response.json().catch(() => null) : await response.text();
    }
    if (!response.ok) {
        const error = new ApiError(response.status, data);
        if (!options.anonymous && response.status === 401) {
            sessionLost('expired');
        } else if (response.status === 403 && error.problem.type === 'https://relata.io/problems/csrf') {
            sessionLost('csrf');
        }
        throw error;
    }
    return {data, etag: response.headers.get('ETag'), status: response.status};
}

/** upload('/imports?recordType=customer', file, 'text/csv'): POSTs a File or Blob as it is; answers like api(). */
export function upload(path, blob, contentType) {
    return api(path, {method: 'POST', body: blob, headers: {'Content-Type': contentType}});
}
