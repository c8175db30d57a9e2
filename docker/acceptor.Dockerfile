# The acceptor's image, built from the repository root with nothing built beforehand:
#   docker build -f docker/acceptor.Dockerfile .        (or `docker compose up --build`)
# Stage 1 builds the jar with the project's own Maven wrapper and JDK 17; stage 2 keeps only a JRE,
# the jar and the secrets entrypoint. .dockerignore keeps target/, var/, secrets/ and .git out of the
# build context.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The acceptor and the modules it needs (-am), tests skipped: `./mvnw verify` is where they run.
RUN ./mvnw -B --no-transfer-progress -DskipTests -pl acceptor -am package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/acceptor/target/gavel-acceptor.jar /app/gavel-acceptor.jar
COPY docker/secrets-entrypoint.sh /app/secrets-entrypoint.sh
ENV GAVEL_ACCEPTOR_HOST=0.0.0.0 GAVEL_ACCEPTOR_PORT=8081
EXPOSE 8081
USER 1000
ENTRYPOINT ["/app/secrets-entrypoint.sh", "java", "-XX:+UseParallelGC", "-Xms64m", "-Xmx192m", "-jar", "/app/gavel-acceptor.jar"]
