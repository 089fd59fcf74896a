# The EvalOps engine: built with Maven on Java 17, run on a Java 17 JRE as a non-root user.
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -pl worker -am package -DskipTests

FROM eclipse-temurin:17.0.15_6-jre
RUN groupadd --system evalops && useradd --system --gid evalops --home /app evalops \
    && mkdir -p /app /var/lib/evalops && chown evalops:evalops /var/lib/evalops
WORKDIR /app
COPY --from=build /src/worker/target/evalops-engine.jar /app/evalops-engine.jar
COPY --from=build /src/datasets /app/datasets
USER evalops
ENV EVALOPS_DATA_DIR=/var/lib/evalops
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/evalops-engine.jar"]
