# Built from the repository root after `./mvnw -DskipTests package`:
#   docker build -f docker/acceptor.Dockerfile .
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY acceptor/target/gavel-acceptor.jar /app/gavel-acceptor.jar
COPY docker/secrets-entrypoint.sh /app/secrets-entrypoint.sh
ENV GAVEL_ACCEPTOR_HOST=0.0.0.0 GAVEL_ACCEPTOR_PORT=8081
EXPOSE 8081
USER 1000
ENTRYPOINT ["/app/secrets-entrypoint.sh", "java", "-XX:+UseParallelGC", "-Xms64m", "-Xmx192m", "-jar", "/app/gavel-acceptor.jar"]
