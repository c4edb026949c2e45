// What a column can be imported into: the record type's standard fields (as the server's importers name them)
// and its active custom fields, cf.<key>.

const STANDARD = {
    customer: ['kind', 'name', 'legalName', 'industry', 'website', 'phone', 'email', 'address.street', 'address.city',
        'address.region', 'address.postalCode', 'address.country', 'stage', 'tags', 'ownerId', 'parentId',
        'subsidiaryId', 'currency'],
    contact: ['customerId', 'customer', 'firstName', 'lastName', 'title', 'department', 'emails', 'phones', 'birthday',
        'primary', 'doNotContact', 'marketingOptOut'],
    lead: ['firstName', 'lastName', 'company', 'title', 'email', 'phone', 'website', 'address.street', 'address.city',
        'address.region', 'address.postalCode', 'address.country', 'source', 'campaignId', 'status',
        'disqualifiedReason', 'description', 'ownerId'],
};

export const RECORD_TYPES = Object.keys(STANDARD);

/** [{value, label}] for a record type, standard fields first; custom fields that cannot be read are left out. */
export async function targetFields(ctx, recordType) {
    const {t, api, language} = ctx;
    const fields = STANDARD[recordType].map((name) => ({value: name, label: t(`imports.field.${name}`)}));
    try {
        const {data} = await api(`/custom-fields?recordType=${encodeURIComponent(recordType)}`);
        for (const field of data.items || []) {
            if (field.active !== false) {
                const labels = field.labels || {};
                fields.push({value: `cf.${field.key}`, label: `${labels[language] || labels.en || field.key} (cf.${field.key})`});
            }
        }
    } catch {
        // without custom fields the standard ones still work; a cf.<key> the server knows stays selectable below
    }
    return fields;
}

/** Where the imported records are listed. */
export function listRoute(recordType) {
    return recordType === 'lead' ? '/leads' : '/customers';
}
