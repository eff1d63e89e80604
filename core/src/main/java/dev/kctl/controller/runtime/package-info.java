/**
 * The machinery every controller (and the scheduler) runs on, after client-go and
 * controller-runtime: the {@link dev.kctl.controller.runtime.WorkQueue}, the
 * {@link dev.kctl.controller.runtime.ControllerLoop} that feeds it to a
 * {@link dev.kctl.controller.runtime.Reconciler} once the informers have synced,
 * {@link dev.kctl.controller.runtime.Expectations} and controller references. Kept apart from
 * {@code dev.kctl.controller}, which wires the controllers together, so that packages do not
 * depend on each other in a cycle.
 */
package dev.kctl.controller.runtime;
