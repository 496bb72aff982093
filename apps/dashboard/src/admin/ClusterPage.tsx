import { useQuery } from '@tanstack/react-query';
import { api } from '../api/endpoints';
import type { ClusterWorker } from '../api/types';
import { ago } from '../ui/format';
import { ErrorNotice, Loading } from '../ui/notices';

/** Workers grouped by host (notebook), then by placement tag. */
function byHost(workers: ClusterWorker[]) {
  const hosts = new Map<string, ClusterWorker[]>();
  for (const worker of workers) hosts.set(worker.host, [...(hosts.get(worker.host) ?? []), worker]);
  return [...hosts.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export default function ClusterPage() {
  const cluster = useQuery({ queryKey: ['cluster'], queryFn: api.cluster, refetchInterval: 2_000 });
  if (cluster.isPending) return <Loading what="the cluster" />;
  if (cluster.isError) return <ErrorNotice error={cluster.error} />;
  const { workers, marketData } = cluster.data;
  return (
    <section className="page">
      <h1>Cluster</h1>
      <p className="muted">
        {workers.length} bot-workers on {byHost(workers).length} hosts running{' '}
        {workers.reduce((n, w) => n + w.botCount, 0)} bots · {marketData.length} market-data
        replicas. Refreshes every 2 s.
      </p>
      <div className="hosts" data-testid="cluster-map">
        {byHost(workers).map(([host, hostWorkers]) => (
          <section className="card host" key={host} aria-label={`Host ${host}`}>
            <h2>{host}</h2>
            <ul>
              {hostWorkers.map((worker) => (
                <li key={worker.id} className="worker" data-testid="worker">
                  <strong>{worker.id}</strong>{' '}
                  <small className="muted">
                    pid {worker.pid}, up {ago(worker.startedAt).replace(' ago', '')}
                  </small>
                  <div>
                    {worker.tags.length ? (
                      worker.tags.map((tag) => (
                        <span className="tag" key={tag}>
                          {tag}
                        </span>
                      ))
                    ) : (
                      <span className="muted">no tags</span>
                    )}
                  </div>
                  <meter
                    min={0}
                    max={worker.capacity}
                    value={worker.botCount}
                    aria-label={`${worker.id} load`}
                  />{' '}
                  {worker.botCount} / {worker.capacity} bots
                  {worker.bots.length > 0 && (
                    <details>
                      <summary>Its bots</summary>
                      <ul className="worker-bots">
                        {worker.bots.map((bot) => (
                          <li key={bot.botId}>
                            {bot.name ?? bot.botId}{' '}
                            <small className="muted">{bot.owner?.email ?? 'unknown owner'}</small>
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <h2>Gateways</h2>
      <ul className="hosts" data-testid="gateways">
        {cluster.data.gateways.map((gateway) => (
          <li className="card" key={gateway.instanceId}>
            <strong>{gateway.host}</strong> <small className="muted">{gateway.instanceId}</small>
            <p>
              pid {gateway.pid}, up {ago(gateway.startedAt).replace(' ago', '')}
            </p>
          </li>
        ))}
      </ul>
      <h2>Market data</h2>
      <ul className="hosts">
        {marketData.map((replica) => (
          <li className="card" key={replica.instanceId}>
            <strong>{replica.host}</strong> <small className="muted">{replica.instanceId}</small>
            <p>{replica.feeds.length ? replica.feeds.join(', ') : 'no feeds'}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
