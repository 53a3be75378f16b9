import { createApp } from './src/server/app.ts';
const app = createApp({ storePath: process.argv[2], clock: () => new Date('2018-11-15T12:00:00Z'), log: (l) => console.error(l) });
for (const path of process.argv.slice(3)) {
  const r = await app.request(path, { headers: { accept: 'text/html' } });
  const t = await r.text();
  console.log(path, r.status, t.length);
  console.log(t.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 3000));
}
await app.close();
