package dev.kctl.scheduler;

/** A Filter extension point, as in kube-scheduler's framework: can this pod run on this node? */
interface FilterPlugin {
  FilterStatus filter(PodInfo pod, NodeInfo node);
}
