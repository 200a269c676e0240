# Test certificates, made at test time with the openssl command line:
# a CA; leaves for localhost/127.0.0.1/::1 that are good, expired, or for
# another host; and a self-signed one. make_certs DIR writes DIR/*.pem.
make_certs() {
  local d=$1
  mkdir -p "$d/ca-db"
  : > "$d/ca-db/index.txt"
  echo 1000 > "$d/ca-db/serial"
  cat > "$d/ca.cnf" <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = $d/ca-db
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[ any ]
commonName = supplied
[ leaf ]
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
CNF
  local q="-loglevel error"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/ca.key" -out "$d/ca.pem" -days 30 \
    -subj "/CN=mini-wget test CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  leaf() { # name SAN [ca-args...]
    local name=$1 san=$2; shift 2
    openssl req -newkey rsa:2048 -nodes -keyout "$d/$name.key" -out "$d/$name.csr" -subj "/CN=$name" \
      -addext "subjectAltName=$san" 2>/dev/null
    openssl ca -batch -config "$d/ca.cnf" -extensions leaf -cert "$d/ca.pem" -keyfile "$d/ca.key" \
      -in "$d/$name.csr" -out "$d/$name.pem" -notext "$@" 2>/dev/null
  }
  leaf good "DNS:localhost,IP:127.0.0.1,IP:::1" -days 30
  leaf wronghost "DNS:wrong.example" -days 30
  leaf expired "DNS:localhost,IP:127.0.0.1,IP:::1" -startdate 20200101000000Z -enddate 20200201000000Z
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/selfsigned.key" -out "$d/selfsigned.pem" -days 30 \
    -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
  mkdir -p "$d/ca-dir"
  cp "$d/ca.pem" "$d/ca-dir/"
  openssl rehash "$d/ca-dir" 2>/dev/null || c_rehash "$d/ca-dir" >/dev/null 2>&1
}
