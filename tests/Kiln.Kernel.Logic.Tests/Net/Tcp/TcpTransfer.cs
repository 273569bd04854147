// A test "application" pair over a TcpSimulation: one side writes a byte array as fast as the connection takes
// it (optionally closing afterwards), the other reads everything into a buffer, both driven after every event.
using System;
using System.Collections.Generic;
using Kiln.Net.Tcp;

namespace Kiln.Kernel.Logic.Tests.Net.Tcp
{
    public sealed class TcpTransfer
    {
        private readonly SimulatedEndpoint _writer;
        private readonly SimulatedEndpoint _reader;
        private readonly byte[] _data;
        private readonly byte[] _readBuffer = new byte[65536];
        private int _written;

        public TcpTransfer(SimulatedEndpoint writer, SimulatedEndpoint reader, byte[] data, bool closeWhenDone)
        {
            _writer = writer;
            _reader = reader;
            _data = data;
            CloseWhenDone = closeWhenDone;
        }

        public bool CloseWhenDone;
        public bool ReaderPaused;
        public readonly List<byte> Received = new List<byte>();
        public bool WriterClosed { get; private set; }
        public bool ReaderSawEnd { get; private set; }

        public bool AllReceived => Received.Count == _data.Length;

        public static byte[] Pattern(int length, int seed)
        {
            var random = new Random(seed);
            byte[] data = new byte[length];
            random.NextBytes(data);
            return data;
        }

        public void Step()
        {
            TcpConnection writer = _writer.Connection;
            while (_written < _data.Length)
            {
                long n = writer.Send(new ReadOnlySpan<byte>(_data, _written, _data.Length - _written));
                if (n <= 0)
                {
                    break;
                }
                _written += (int)n;
            }
            if (_written == _data.Length && CloseWhenDone && !WriterClosed
                && writer.State != TcpState.SynSent && writer.State != TcpState.SynReceived)
            {
                WriterClosed = true;
                writer.Shutdown(false, true);
            }
            if (ReaderPaused || _reader.EstablishedCount == 0)
            {
                return;   // paused, or the reader's (pooled) connection is still in its previous life
            }
            TcpConnection reader = _reader.Connection;
            while (true)
            {
                long n = reader.Receive(_readBuffer, false);
                if (n > 0)
                {
                    for (int i = 0; i < n; i++)
                    {
                        Received.Add(_readBuffer[i]);
                    }
                    continue;
                }
                if (n == 0)
                {
                    ReaderSawEnd = true;
                }
                break;
            }
        }

        public bool Matches()
        {
            if (Received.Count != _data.Length)
            {
                return false;
            }
            for (int i = 0; i < _data.Length; i++)
            {
                if (Received[i] != _data[i])
                {
                    return false;
                }
            }
            return true;
        }
    }
}
