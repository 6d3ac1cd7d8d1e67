/**
 * The lifecycle core: pure Java (JDK and Jackson only, and the retry timings of {@code retry}), no Azure SDK.
 *
 * <ul>
 *   <li>{@code model}: the desired state ({@code Binding}, {@code HsmRequest}), valid by construction, read and written
 *       as JSON by {@code BindingJson} with errors naming the JSON field.</li>
 *   <li>{@code status}: what was observed: six conditions with constant reasons, and the versions in use.</li>
 *   <li>{@code ports}: the small interfaces the Azure adapters implement; each method names its Azure operation.</li>
 *   <li>{@code engine}: one reconcile pass, one ensure step per condition, one binder per resource kind. Each step
 *       takes what the previous one established and returns what the next needs
 *       ({@code Binding -> HsmReady -> KeyReady -> IdentityReady -> AccessGranted -> Bound -> Verified}), so the
 *       chain's order is in the types; a new precondition of a step (a lease, an ownership check, a long-running
 *       operation to poll) is one more input or field, not a new field on a shared object.</li>
 *   <li>{@code rotation}: expiry decisions, new-version planning, fan-out paced by ARM's write bucket.</li>
 *   <li>{@code safety}: scope allow-list, version retention guard, ownership of role assignments.</li>
 *   <li>{@code retirement}: which old versions to disable on request ({@code key.retireAfter}), on the evidence of
 *       every resource in the allow-list that uses the key.</li>
 *   <li>{@code sweep}: what a resource as ARM lists it, and its key as read once, tell the health sweep: whether
 *       the binding needs a pass.</li>
 *   <li>{@code errors}: the one classifier of Azure errors.</li>
 * </ul>
 *
 * {@link com.cmkorchestrator.core.BindingReconciler} is the door the triggers use.
 */
package com.cmkorchestrator.core;
