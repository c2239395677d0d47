# The JRE every image of this project runs on, from Debian's own packages (no image registry needed).
# deploy/images/build makes the base (`numbers-debian:trixie`, debootstrap'd) and tags this `numbers-jre:21`.
ARG DEBIAN_IMAGE=numbers-debian:trixie
FROM ${DEBIAN_IMAGE}
# The package lists are removed afterwards: the image needs the JRE, not apt's caches.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-21-jre-headless ca-certificates \
 && apt-get clean && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin numbers
