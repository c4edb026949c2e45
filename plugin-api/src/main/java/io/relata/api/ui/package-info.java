/**
 * Web UI modules: how a plugin adds pages to Relata's browser app. A plugin registers a {@link io.relata.api.ui.UiModule}
 * service describing its navigation entry and the URL of the ES module script it serves itself through the OSGi
 * HTTP Whiteboard; core lists the installed modules the caller may use at {@code GET /api/v1/ui/modules}.
 * Since 1.1 a {@link io.relata.api.ui.UiPanel} draws a customer 360-view panel with the module's own script
 * ({@code GET /api/v1/ui/panels}).
 */
@Version("1.1.0")
package io.relata.api.ui;

import org.osgi.annotation.versioning.Version;
