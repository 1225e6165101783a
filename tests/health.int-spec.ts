import { startService, type RunningService } from '@app/runtime';
import { http, startTcpProxy } from '@app/testing';
import { SERVICES } from '../tools/services';

/** (g) every service boots against the real servers, reports healthy, and names PostgreSQL when cut off from it. */
describe.each(SERVICES.map((def) => [def.name, def] as const))('%s service health', (_name, def) => {
  let service: RunningService | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  it('answers /health 200 with everything up, and 503 naming postgres once its database connection is cut', async () => {
    const db = new URL(process.env.DATABASE_URL!);
    const proxy = await startTcpProxy(db.hostname, Number(db.port || 5432));
    db.host = `127.0.0.1:${proxy.port}`;
    service = await startService(def, { ...process.env, DATABASE_URL: db.toString(), [`${def.name.toUpperCase()}_HTTP_PORT`]: '0' });

    const up = await http(`${service.url}/health`);
    const upBody = up.body;
    expect(up.status).toBe(200);
    expect(upBody.status).toBe('ok');
    expect(Object.keys(upBody.checks).sort()).toEqual(def.usesRedis ? ['kafka', 'postgres', 'redis'] : ['kafka', 'postgres']);

    await proxy.cut();
    const down = await http(`${service.url}/health`);
    const downBody = down.body;
    expect(down.status).toBe(503);
    expect(downBody.down).toEqual(['postgres']);
    expect(downBody.message).toBe(`${def.name} unavailable: postgres down`);
    expect(downBody.checks.kafka.status).toBe('up');
  });
});
