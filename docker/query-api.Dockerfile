# Built from the repository root after `./mvnw -DskipTests package`:
#   docker build -f docker/query-api.Dockerfile .
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY query-api/target/gavel-query-api.jar /app/gavel-query-api.jar
COPY docker/secrets-entrypoint.sh /app/secrets-entrypoint.sh
ENV GAVEL_QUERY_HOST=0.0.0.0 GAVEL_QUERY_PORT=8082 GAVEL_HOME=/var/lib/gavel
EXPOSE 8082
USER 1000
ENTRYPOINT ["/app/secrets-entrypoint.sh", "java", "-XX:+UseParallelGC", "-Xms64m", "-Xmx384m", "-jar", "/app/gavel-query-api.jar"]
