# The ledger API image: `docker compose up` builds it (see docs/EVENTSTOREDB.md).
# node:20 (not -slim): it carries python3, make and g++ for better-sqlite3 when no prebuilt
# binary matches.
FROM node:20 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LEDGER_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Local files (sqlite log, read models) go to /data, owned by the unprivileged user.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
CMD ["node", "dist/apps/ledger-api/src/main.js"]
