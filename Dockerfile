# syntax=docker/dockerfile:1
# Build stage: full install, compile the SDK and the service, then drop dev dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY sdk/typescript ./sdk/typescript
COPY examples ./examples
# the SDK first: the command line's remote mode imports its types
RUN npm run build && npm prune --omit=dev --no-audit --no-fund --ignore-scripts

# Runtime stage: production dependencies and the built app only, as an unprivileged user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/examples ./examples
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# the old generation capped as `npm start` caps it (package.json): see README, Performance
CMD ["node", "--max-old-space-size=128", "dist/main.js"]
