"""A stand-in for rabbitmqctl: users and permissions in a JSON file.

``fake_rabbitmqctl.py STATE [-q] [-s] COMMAND ARGS...``; a password comes
on standard input, as the credentials module gives it.
"""

import json
import os
import sys


def main(argv):
    path, args = argv[0], [a for a in argv[1:] if a not in ('-q', '-s')]
    state = {'users': {}, 'calls': []}
    if os.path.exists(path):
        with open(path) as f:
            state = json.load(f)
    users = state['users']
    command, rest = args[0], args[1:]
    state['calls'].append(args)
    if command in ('add_user', 'change_password'):
        user = rest[0]
        if (command == 'add_user') == (user in users):
            sys.stderr.write('Error: User "%s" %s\n' % (
                user, 'already exists' if user in users
                else 'does not exist'))
            return 70
        users.setdefault(user, {})['password'] = sys.stdin.readline()[:-1]
    elif command in ('delete_user', 'list_user_permissions',
                     'list_user_topic_permissions'):
        if rest[0] not in users:
            sys.stderr.write('Error:\n{:no_such_user, "%s"}\n' % rest[0])
            return 69
        if command == 'delete_user':
            del users[rest[0]]
        else:
            key = 'perms' if command == 'list_user_permissions' else 'topic'
            if key in users[rest[0]]:
                print('\t'.join(users[rest[0]][key]))
    elif command in ('set_permissions', 'set_topic_permissions'):
        vhost, user, values = rest[1], rest[2], rest[3:]
        key = 'perms' if command == 'set_permissions' else 'topic'
        users[user][key] = [vhost] + values
    elif command == 'list_users':
        print(json.dumps([{'user': u, 'tags': []} for u in users]))
    elif command != 'close_all_user_connections':
        sys.stderr.write('unknown command %s\n' % command)
        return 64
    with open(path, 'w') as f:
        json.dump(state, f)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
