# mptcpscan without privileges: classify captures (analyze) and read, export and compare
# stored scans (scans, report, export, compare, trend). It cannot scan: no raw sockets.
#   docker build -f scripts/docker/analyze.Dockerfile -t mptcpscan-analyze .
#   docker run --rm -v "$PWD":/data mptcpscan-analyze analyze --pcap /data/capture.pcap --db /data/results
#   docker run --rm -v "$PWD":/data mptcpscan-analyze report --db /data/results
FROM debian:bookworm-slim AS build
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      openjdk-17-jdk-headless maven libpcap0.8 git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/mptcpscan
COPY . .
RUN mvn -q -B -DskipTests -Dmptcpscan.commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" install

FROM debian:bookworm-slim
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jre-headless libpcap0.8 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/mptcpscan/scanner/target/mptcpscan.jar /opt/mptcpscan/scanner/target/mptcpscan.jar
COPY --from=build /opt/mptcpscan/scripts/mptcpscan /opt/mptcpscan/scripts/mptcpscan
USER nobody
ENV MPTCPSCAN_DB=/data/results
WORKDIR /data
ENTRYPOINT ["/opt/mptcpscan/scripts/mptcpscan"]
CMD ["--help"]
