import { randomInt } from 'node:crypto';
import { PeerProcess, run, type RunResult } from '@voip/testkit';

/**
 * A lossy link to a network namespace: a veth pair between the root namespace and a fresh namespace, dropping
 * `loss` percent of the packets in each direction in the kernel. With `tc netem` (`sch_netem`) when the kernel has
 * it; some kernels (this project's CI VMs) do not, and then nftables rules on the namespace's veth end drop the
 * UDP datagrams instead (`netdev` ingress and egress hooks, `numgen random`), silently, as a lossy path would. Nothing
 * is changed in the root namespace but the veth end. Needs root and Debian's iproute2 and nftables. Names are
 * unique per run; {@link LossyLink.destroy} removes the namespace and both veth ends.
 */
export class LossyLink {
  private constructor(
    /** The namespace's name. */
    readonly namespace: string,
    /** The veth end in the root namespace. */
    readonly hostDevice: string,
    /** The address of the root end (where the test's own client binds). */
    readonly hostAddress: string,
    /** The address inside the namespace. */
    readonly peerAddress: string,
  ) {}

  /** What drops the packets: `tc netem`, or nftables where the kernel has no netem. */
  dropper: 'netem' | 'nftables' = 'netem';

  /** Creates the namespace, the veth pair and the netem qdiscs. @throws Error when a command fails (cleaned up) */
  static async create(lossPercent: number): Promise<LossyLink> {
    const id = `${process.pid % 10_000}${randomInt(1000, 9999)}`;
    const subnet = randomInt(1, 250);
    const link = new LossyLink(`voiploss${id}`, `vl${id}a`, `10.213.${subnet}.1`, `10.213.${subnet}.2`);
    const inside = `vl${id}b`;
    try {
      await run('ip', ['netns', 'add', link.namespace]);
      await run('ip', ['link', 'add', link.hostDevice, 'type', 'veth', 'peer', 'name', inside]);
      await run('ip', ['link', 'set', inside, 'netns', link.namespace]);
      await run('ip', ['addr', 'add', `${link.hostAddress}/24`, 'dev', link.hostDevice]);
      await run('ip', ['link', 'set', link.hostDevice, 'up']);
      await link.#inNamespace('ip', ['addr', 'add', `${link.peerAddress}/24`, 'dev', inside]);
      await link.#inNamespace('ip', ['link', 'set', inside, 'up']);
      await link.#inNamespace('ip', ['link', 'set', 'lo', 'up']);
      try {
        await run('tc', ['qdisc', 'add', 'dev', link.hostDevice, 'root', 'netem', 'loss', `${lossPercent}%`]);
        await link.#inNamespace('tc', ['qdisc', 'add', 'dev', inside, 'root', 'netem', 'loss', `${lossPercent}%`]);
      } catch (error) {
        if (!/qdisc kind is unknown/.test(String(error))) throw error;
        // UDP only: dropping ARP too would fail neighbour resolution now and then, which blackholes every packet
        // to the host for seconds (not the independent loss this link stands for)
        const drop = `meta protocol ip ip protocol udp numgen random mod 100 < ${lossPercent} drop;`;
        const rules = `table netdev voiploss {
  chain in { type filter hook ingress device "${inside}" priority 0; ${drop} }
  chain out { type filter hook egress device "${inside}" priority 0; ${drop} }
}
`;
        await run('ip', ['netns', 'exec', link.namespace, 'nft', '-f', '-'], { input: rules });
        link.dropper = 'nftables';
      }
      return link;
    } catch (error) {
      await link.destroy();
      throw error;
    }
  }

  /** Starts a program inside the namespace (`ip netns exec`), as a peer process stopped by its PID. */
  spawn(program: string, args: readonly string[]): PeerProcess {
    return new PeerProcess('ip', ['netns', 'exec', this.namespace, program, ...args]);
  }

  /** Deletes the namespace (its veth end goes with it) and the root end if it is still there. */
  async destroy(): Promise<void> {
    await run('ip', ['netns', 'del', this.namespace]).catch(() => undefined);
    await run('ip', ['link', 'del', this.hostDevice]).catch(() => undefined);
  }

  #inNamespace(program: string, args: readonly string[]): Promise<RunResult> {
    return run('ip', ['netns', 'exec', this.namespace, program, ...args]);
  }
}
