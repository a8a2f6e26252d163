/**
 * Reading settings: {@link io.footfall.server.settings.Env} gives typed, named access to the
 * environment. Each feature owns its settings record (defaults, checks, {@code fromEnvironment});
 * the composition root's {@code FootfallConfig} only collects them.
 */
package io.footfall.server.settings;
