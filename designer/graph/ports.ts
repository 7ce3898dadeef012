import { descriptorOf, portsOf, type PortSpec } from '../../shared/nodes/index.ts';

/**
 * The output ports of a node as the designer draws them: dynamic ones (a
 * switch's cases) from its config when that config is valid, else the
 * descriptor's static ports. Unknown types have none.
 */
export function nodePorts(node: { type: string; config?: unknown }): PortSpec[] {
  const descriptor = descriptorOf(node.type);
  if (!descriptor) return [];
  if (!descriptor.outputsFor) return descriptor.outputs;
  const parsed = descriptor.configSchema.safeParse(node.config ?? {});
  return parsed.success ? portsOf(descriptor, parsed.data) : descriptor.outputs;
}
