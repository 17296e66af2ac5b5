# The ledger image (API and projector): `docker compose up` builds it (see docs/EVENTSTOREDB.md).
# Node 22 LTS, pinned to a release. The build stage is the full Debian image: it carries python3,
# make and g++ for better-sqlite3 when no prebuilt binary matches; the runtime stage is -slim (no
# compilers), the same Node release so that the compiled addon matches its ABI.
FROM node:22.21.1-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22.21.1-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LEDGER_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# The code stays root's (read-only to the process); local files (API keys, read models, the
# SQLite log) go to /data, owned by the unprivileged user the process runs as.
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
USER node
EXPOSE 3000
# Node's own fetch: the slim image has no curl. /health answers 200 while the store is reachable.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/ledger-api/src/main.js"]
