/**
 * Custom fields: fields that administrators add to a record type at run time, and that modules ship for their own
 * record types through {@link io.relata.api.customfield.CustomFields#define}. Core keeps the definitions; each
 * module stores the values of its own records and lets {@link io.relata.api.customfield.CustomFields} validate
 * them on write, parse them from filters and format them for export. Administrators maintain definitions over
 * REST ({@code /api/v1/custom-fields}).
 */
@Version("1.0.0")
package io.relata.api.customfield;

import org.osgi.annotation.versioning.Version;
