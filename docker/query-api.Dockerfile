# query-api's image, built from the repository root with nothing built beforehand:
#   docker build -f docker/query-api.Dockerfile .       (or `docker compose up --build`)
# Stage 1 builds the jar with the project's own Maven wrapper and JDK 17; stage 2 keeps only a JRE,
# the jar and the secrets entrypoint. .dockerignore keeps target/, var/, secrets/ and .git out of the
# build context.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# query-api and the modules it needs (-am), tests skipped: `./mvnw verify` is where they run.
RUN ./mvnw -B --no-transfer-progress -DskipTests -pl query-api -am package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/query-api/target/gavel-query-api.jar /app/gavel-query-api.jar
COPY docker/secrets-entrypoint.sh /app/secrets-entrypoint.sh
# GAVEL_HOME belongs to the service's user: with the secrets given as files nothing is written there,
# but a fallback (the generated admin password, the token secret) must not fail on permissions.
RUN mkdir -p /var/lib/gavel && chown 1000:1000 /var/lib/gavel && chmod 700 /var/lib/gavel
ENV GAVEL_QUERY_HOST=0.0.0.0 GAVEL_QUERY_PORT=8082 GAVEL_HOME=/var/lib/gavel
EXPOSE 8082
USER 1000
ENTRYPOINT ["/app/secrets-entrypoint.sh", "java", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Xms128m", "-Xmx384m", "-jar", "/app/gavel-query-api.jar"]
