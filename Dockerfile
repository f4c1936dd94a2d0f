# camsweep in a container. Discovery is multicast on the site's LAN, so the container shares the host's network:
#   docker build -t camsweep .
#   docker run --rm --network host camsweep scan -i eth0 192.0.2.0/24
#   docker run --rm --network host -v camsweep-state:/home/node/.local/state camsweep scan -i eth0   # keeps history
# The image runs as the unprivileged "node" user: a scan needs no root (see the README's Privileges).

FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles against Node's headers during npm ci.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
# npm ci builds dist/ through `prepare`; then the development tools go.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json /app/LICENSE /app/README.md ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/man ./man
USER node
ENTRYPOINT ["node", "/app/bin/camsweep.js"]
CMD ["--help"]
