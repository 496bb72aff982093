# One image for every service; the command picks the service:
#   node dist/apps/api-gateway/main.js | dist/apps/bot-worker/main.js | dist/apps/market-data/main.js
# The gateway serves the web dashboard's build (dist/apps/dashboard) under /app/.
# The `build` stage (full toolchain) also runs migrations: `npm run db:migrate`.
# The `nginx` stage is the load balancer of docker-compose.yml: tools/deploy/nginx.conf, with
# the dashboard's files served straight from disk.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NX_DAEMON=false NX_NO_CLOUD=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node tools/scripts/nx.mjs run-many -t build -p api-gateway bot-worker market-data dashboard

FROM nginx:1.27-bookworm AS nginx
COPY tools/deploy/nginx.conf /etc/nginx/nginx.conf
COPY --from=build /app/dist/apps/dashboard /usr/share/trading-platform/app

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
