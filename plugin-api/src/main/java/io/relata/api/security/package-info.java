/**
 * Security: who is calling, what they may do, and which records they may see. Modules declare permissions in
 * their descriptor, check them with {@link io.relata.api.security.RequiresPermission} or
 * {@link io.relata.api.security.AccessControl}, and restrict every query with the caller's
 * {@link io.relata.api.security.DataScope}.
 */
@Version("1.1.0")
package io.relata.api.security;

import org.osgi.annotation.versioning.Version;
