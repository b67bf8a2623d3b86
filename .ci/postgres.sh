# Sourced by .ci/run (and usable by hand): starts Debian's PostgreSQL cluster if it is not running and
# exports CONVOPT_TEST_PG_URL pointing at a fresh `convopt_test` database owned by user `convopt`.
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
  pg_createcluster "$pg_version" main >/dev/null
fi
cluster_line=$(pg_lsclusters -h | head -n 1)
cl_ver=$(echo "$cluster_line" | awk '{print $1}')
cl_name=$(echo "$cluster_line" | awk '{print $2}')
cl_port=$(echo "$cluster_line" | awk '{print $3}')
if ! echo "$cluster_line" | grep -q online; then
  pg_ctlcluster "$cl_ver" "$cl_name" start
fi
for _ in $(seq 1 30); do
  su postgres -c "psql -p $cl_port -tAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -p $cl_port -v ON_ERROR_STOP=1 -q" <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'convopt') THEN
    CREATE ROLE convopt LOGIN PASSWORD 'convopt' CREATEDB;
  END IF;
END \$\$;
SQL
su postgres -c "psql -p $cl_port -q -c 'DROP DATABASE IF EXISTS convopt_test'" >/dev/null
su postgres -c "psql -p $cl_port -q -c 'CREATE DATABASE convopt_test OWNER convopt'" >/dev/null
export CONVOPT_TEST_PG_URL="postgres://convopt:convopt@127.0.0.1:${cl_port}/convopt_test"
