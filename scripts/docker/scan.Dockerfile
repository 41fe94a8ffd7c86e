# The main job in a container: builds mptcpscan, brings the namespace testbed up *inside the
# container* and scans it into the embedded database, then prints the report (scripts/demo).
# The testbed's namespaces are made in the container's own network namespace and their only
# links lead to each other, so no probe leaves the container. Namespaces and raw sockets need:
#   docker build -f scripts/docker/scan.Dockerfile -t mptcpscan .
#   docker run --rm --privileged -v mptcpscan-results:/root/.mptcpscan mptcpscan
FROM debian:bookworm-slim
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      openjdk-17-jdk-headless maven libpcap0.8 libpcap-dev iproute2 nftables procps util-linux \
      man-db groff-base bash-completion git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/mptcpscan
COPY . .
RUN SKIP_APT=1 scripts/setup
ENTRYPOINT ["scripts/demo"]
