# The processor's image, built from the repository root with nothing built beforehand:
#   docker build -f docker/processor.Dockerfile .       (or `docker compose up --build`)
# Stage 1 builds the jar with the project's own Maven wrapper and JDK 17; stage 2 keeps only a JRE,
# the jar and the secrets entrypoint. .dockerignore keeps target/, var/, secrets/ and .git out of the
# build context.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The processor and the modules it needs (-am), tests skipped: `./mvnw verify` is where they run.
RUN ./mvnw -B --no-transfer-progress -DskipTests -pl processor -am package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/processor/target/gavel-processor.jar /app/gavel-processor.jar
COPY docker/secrets-entrypoint.sh /app/secrets-entrypoint.sh
# Health and metrics on 8083; the processor writes nothing to disk.
ENV GAVEL_PROCESSOR_HOST=0.0.0.0 GAVEL_PROCESSOR_PORT=8083
EXPOSE 8083
USER 1000
ENTRYPOINT ["/app/secrets-entrypoint.sh", "java", "-XX:+UseParallelGC", "-Xms64m", "-Xmx256m", "-jar", "/app/gavel-processor.jar"]
